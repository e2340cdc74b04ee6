"""Data-subject rights for tenancies: the export section, the "open tenancy" erasure check and
the erasure of free text about households left without members.

Ledger rows are accounting records kept for ten years (art. 2220 c.c.) and are not erased.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.registry.models import HouseholdMember, Person
from abitare.registry.permissions import address_view
from abitare.registry.services.releases import ExportContext
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, TenancyExit


def _tenancies_of(person: Person) -> Any:
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    return Tenancy.objects.filter(household_id__in=household_ids)


def open_tenancy_check(person: Person, on: datetime.date) -> str | Promise | None:
    """Erasure waits while a household of the person has an open tenancy."""
    tenancy = _tenancies_of(person).filter(status=Tenancy.Status.ACTIVE).first()
    if tenancy is None:
        return None
    return _("The person's household has an open tenancy (%(reference)s).") % {"reference": tenancy.reference}


def export_tenancies(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """The tenancies of the person's households that ran while the person was a member, with the
    ledger and savings entries of that time and the exit (its notes are household-level)."""
    data = []
    tenancies = Tenancy.objects.filter(context.spanning("household_id", "starts_on", "ended_on"))
    for tenancy in tenancies.select_related("unit__building").order_by("starts_on", "id"):
        exit_record = TenancyExit.objects.filter(tenancy=tenancy).first()
        if exit_record is not None and not context.covers(tenancy.household_id, exit_record.exited_on):
            exit_record = None
        during = context.dated("tenancy__household_id", "value_date")
        data.append(
            {
                "reference": tenancy.reference,
                "household": tenancy.household_id,
                "unit": address_view(actor).place(tenancy.household_id, tenancy.unit),
                "contract_type": tenancy.contract_type,
                "starts_on": tenancy.starts_on.isoformat(),
                "ends_on": tenancy.ends_on.isoformat() if tenancy.ends_on else None,
                "monthly_rent": str(tenancy.monthly_rent),
                "monthly_charges": str(tenancy.monthly_charges),
                "savings_deposit": str(tenancy.savings_deposit),
                "status": tenancy.status,
                "ledger": [
                    {
                        "value_date": entry.value_date.isoformat(),
                        "kind": entry.kind,
                        "amount": str(entry.signed_amount),
                        "description": entry.description,
                        "reference": entry.reference,
                        "payer_iban": entry.payer_iban,
                        "reason": entry.reason,
                    }
                    for entry in LedgerEntry.objects.filter(during, tenancy=tenancy).order_by("value_date", "id")
                ],
                "savings": [
                    {
                        "value_date": entry.value_date.isoformat(),
                        "kind": entry.kind,
                        "amount": str(entry.signed_amount),
                        "funds": entry.funds,
                    }
                    for entry in SavingsEntry.objects.filter(during, tenancy=tenancy).order_by("value_date", "id")
                ],
                "exit": (
                    {
                        "exited_on": exit_record.exited_on.isoformat(),
                        "destination": exit_record.destination,
                        "notes": context.note(exit_record, "notes"),
                    }
                    if exit_record
                    else None
                ),
            }
        )
    return "tenancies", data


def erase_exit_notes(household_ids: list[int]) -> None:
    """Households left without members keep their exits (statistics) but lose the free-text notes."""
    if not household_ids:
        return
    exits = TenancyExit.objects.filter(tenancy__household_id__in=household_ids)
    exit_ids = list(exits.values_list("id", flat=True))
    TenancyExit.objects.filter(id__in=exit_ids).update(notes="")
    TenancyExit.history.model.objects.filter(id__in=exit_ids).update(notes="")
