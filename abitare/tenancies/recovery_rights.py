"""Data-subject rights for arrears recovery: the person's section of the export (arrears cases,
repayment plans, community-work hours, bank credits and remembered IBANs of their households'
tenancies). Nothing here is erased: these are accounting records kept with the ledger (art.
2220 c.c.), and the tenancy's own erasure check already waits for the tenancy to end."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from abitare.accounts.models import Membership
from abitare.registry.models import Person
from abitare.registry.services.releases import ExportContext
from abitare.tenancies.models import (
    ArrearsCase,
    BankCredit,
    CommunityWorkSession,
    PayerAccount,
    RepaymentPlan,
    Tenancy,
)


def _plain(rows: Any) -> list[dict[str, Any]]:
    """JSON-ready rows: dates as ISO strings, amounts as strings."""

    def value(item: Any) -> Any:
        if isinstance(item, datetime.date):
            return item.isoformat()
        if isinstance(item, Decimal):
            return str(item)
        return item

    return [{key: value(item) for key, item in row.items()} for row in rows]


def export_recovery(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """Arrears recovery on the tenancies of the person's households, for the time the person was a
    member (cases opened, plans agreed, hours worked, credits received and IBANs remembered then)."""
    tenancies = Tenancy.objects.filter(context.spanning("household_id", "starts_on", "ended_on"))

    def during(day: str) -> Any:
        return context.dated("tenancy__household_id", day)

    return (
        "arrears_recovery",
        {
            "arrears_cases": _plain(
                ArrearsCase.objects.filter(during("opened_on"), tenancy__in=tenancies).values(
                    "tenancy__reference", "status", "opened_on", "balance_at_opening", "closed_on", "close_reason"
                )
            ),
            "repayment_plans": [
                {
                    "tenancy": plan.tenancy.reference,
                    "debt": str(plan.debt),
                    "status": plan.status,
                    "agreed_on": plan.agreed_on.isoformat(),
                    "creditor": plan.creditor,
                    "instalments": [
                        {"due_date": row.due_date.isoformat(), "amount": str(row.amount)}
                        for row in plan.instalments.order_by("number")
                    ],
                }
                for plan in RepaymentPlan.objects.filter(during("agreed_on"), tenancy__in=tenancies).select_related(
                    "tenancy"
                )
            ],
            "community_work": _plain(
                CommunityWorkSession.objects.filter(during("worked_on"), tenancy__in=tenancies).values(
                    "tenancy__reference", "task__title", "worked_on", "hours", "worker", "status", "amount"
                )
            ),
            "bank_credits": _plain(
                BankCredit.objects.filter(during("value_date"), tenancy__in=tenancies).values(
                    "tenancy__reference", "value_date", "amount", "payer_name", "payer_iban", "remittance"
                )
            ),
            "payer_accounts": _plain(
                PayerAccount.objects.filter(during("created_at__date"), tenancy__in=tenancies).values(
                    "tenancy__reference", "iban", "holder"
                )
            ),
        },
    )
