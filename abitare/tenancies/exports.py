"""Tenancies, arrears cases, repayment plans and community-work hours taken away as
spreadsheets, as their list pages filter them. Where a household lives is shown as the pages
show it (a confidential address stays hidden)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exports import MONEY_FORMAT, Column, ListExport, register_export
from abitare.registry.permissions import address_view
from abitare.tenancies.models import ArrearsCase, CommunityWorkSession, RepaymentPlan, Tenancy
from abitare.tenancies.selectors.arrears import arrears_case_list, case_filters
from abitare.tenancies.selectors.community import session_list
from abitare.tenancies.selectors.plans import plan_list
from abitare.tenancies.selectors.tenancy import TenancyFilters, tenancy_list


def _tenancy_rows(actor: Membership, params: Any) -> QuerySet[Tenancy]:
    return tenancy_list(actor=actor, filters=TenancyFilters.from_query(params)).order_by("-status", "reference")


def _tenancy_columns(actor: Membership) -> list[Column]:
    addresses = address_view(actor)
    return [
        Column(_("Reference"), lambda tenancy: tenancy.reference),
        Column(_("Household"), lambda tenancy: str(tenancy.household)),
        Column(_("Unit"), lambda tenancy: addresses.place(tenancy.household_id, tenancy.unit)),
        Column(_("Neighbourhood"), lambda tenancy: str(tenancy.territory)),
        Column(_("Contract type"), lambda tenancy: tenancy.get_contract_type_display()),
        Column(_("Pathway"), lambda tenancy: tenancy.get_pathway_display()),
        Column(_("Starts on"), lambda tenancy: tenancy.starts_on),
        Column(_("Ends on"), lambda tenancy: tenancy.ends_on),
        Column(_("Balance (€)"), lambda tenancy: tenancy.balance, MONEY_FORMAT),
        Column(_("Status"), lambda tenancy: tenancy.get_status_display()),
    ]


def _case_rows(actor: Membership, params: Any) -> QuerySet[ArrearsCase]:
    status = case_filters(params)
    return arrears_case_list(actor=actor, status="" if status == "all" else status).order_by("-opened_on", "-id")


def _why(case: ArrearsCase) -> str:
    reasons = []
    if case.by_balance:
        reasons.append(str(_("Balance over the threshold")))
    if case.by_overdue:
        reasons.append(str(_("Charge long overdue")))
    return "; ".join(reasons)


def _case_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("Tenancy"), lambda case: case.tenancy.reference),
        Column(_("Household"), lambda case: str(case.tenancy.household)),
        Column(_("Opened on"), lambda case: case.opened_on),
        Column(_("Balance when opened (€)"), lambda case: case.balance_at_opening, MONEY_FORMAT),
        Column(_("Why"), _why),
        Column(_("Status"), lambda case: case.get_status_display()),
        Column(_("Closed on"), lambda case: case.closed_on),
    ]


def _plan_rows(actor: Membership, params: Any) -> QuerySet[RepaymentPlan]:
    return plan_list(actor=actor, status=params.get("status", "")).order_by("-agreed_on", "-id")


def _plan_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("Tenancy"), lambda plan: plan.tenancy.reference),
        Column(_("Household"), lambda plan: str(plan.tenancy.household)),
        Column(_("Debt (€)"), lambda plan: plan.debt, MONEY_FORMAT),
        Column(_("Agreed on"), lambda plan: plan.agreed_on),
        Column(_("First instalment due"), lambda plan: plan.first_due),
        Column(_("Agreed with (creditor)"), lambda plan: plan.creditor),
        Column(_("Status"), lambda plan: plan.get_status_display()),
    ]


def _session_rows(actor: Membership, params: Any) -> QuerySet[CommunityWorkSession]:
    return session_list(actor=actor, status=params.get("status", "")).order_by("-worked_on", "-id")


def _session_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("Worked on"), lambda session: session.worked_on),
        Column(_("Tenancy"), lambda session: session.tenancy.reference),
        Column(_("Household"), lambda session: str(session.tenancy.household)),
        Column(_("Task"), lambda session: str(session.task)),
        Column(_("Who worked"), lambda session: session.worker),
        Column(_("Hours"), lambda session: session.hours, MONEY_FORMAT),
        Column(_("Status"), lambda session: session.get_status_display()),
    ]


TENANCIES = ListExport(
    name="tenancies.tenancies", filename=_("tenancies"), rows=_tenancy_rows, columns=_tenancy_columns
)
ARREARS = ListExport(name="tenancies.arrears", filename=_("arrears cases"), rows=_case_rows, columns=_case_columns)
PLANS = ListExport(name="tenancies.plans", filename=_("repayment plans"), rows=_plan_rows, columns=_plan_columns)
HOURS = ListExport(
    name="tenancies.community_hours", filename=_("community work hours"), rows=_session_rows, columns=_session_columns
)


def register() -> None:
    for export in (TENANCIES, ARREARS, PLANS, HOURS):
        register_export(export)
