"""The tenancies' part of the household's file: the tenancy with its balance, arrears cases and
repayment plans; support plans apart, behind their own rule."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import FileAction, FileEvent, FileSection
from abitare.core.money import money
from abitare.tenancies.models import ArrearsCase, RepaymentPlan, Tenancy
from abitare.tenancies.permissions import LEDGER_POST, RECOVERY
from abitare.tenancies.selectors import support as support_selectors
from abitare.tenancies.selectors.ledger import balances_by_tenancy
from abitare.tenancies.selectors.tenancy import tenancy_list

SHOWN = 5


def _balance_text(balance: Any) -> str:
    if balance > 0:
        return _("owes %(amount)s") % {"amount": money(balance)}
    if balance < 0:
        return _("in credit by %(amount)s") % {"amount": money(-balance)}
    return _("nothing owed")


def tenancy_section(request: Any, household: Any) -> FileSection:
    actor = actor_of(request)
    found = tenancy_list(actor=actor).filter(household=household)
    tenancies = list(found[:SHOWN])
    balances = balances_by_tenancy(tenancies=found)
    active = next((tenancy for tenancy in tenancies if tenancy.status == Tenancy.Status.ACTIVE), None)
    rows = [
        (
            f"{tenancy.reference} · {tenancy.unit}",
            f"{tenancy.get_status_display()}, {_balance_text(balances.get(tenancy.pk, 0))}",
            reverse("tenancies:tenancy-detail", args=[tenancy.pk]),
        )
        for tenancy in tenancies
    ]
    events = [
        FileEvent(
            tenancy.starts_on,
            _("Tenancy %(reference)s starts") % {"reference": tenancy.reference},
            reverse("tenancies:tenancy-detail", args=[tenancy.pk]),
        )
        for tenancy in tenancies
    ]
    cases: list[ArrearsCase] = []
    plans: list[RepaymentPlan] = []
    if RECOVERY.allows(request) and tenancies:
        cases = list(ArrearsCase.objects.filter(tenancy__in=tenancies).order_by("-opened_on")[:SHOWN])
        plans = list(RepaymentPlan.objects.filter(tenancy__in=tenancies).order_by("-agreed_on")[:SHOWN])
        rows += [
            (_("Arrears case"), case.get_status_display(), reverse("tenancies:arrears-detail", args=[case.pk]))
            for case in cases
        ]
        rows += [
            (
                _("Repayment plan of %(debt)s") % {"debt": money(plan.debt)},
                plan.get_status_display(),
                reverse("tenancies:plan-detail", args=[plan.pk]),
            )
            for plan in plans
        ]
        events += [
            FileEvent(case.opened_on, _("Arrears case opened"), reverse("tenancies:arrears-detail", args=[case.pk]))
            for case in cases
        ]
        events += [
            FileEvent(
                plan.agreed_on,
                _("Repayment plan agreed"),
                reverse("tenancies:plan-detail", args=[plan.pk]),
            )
            for plan in plans
        ]
    actions: list[FileAction] = []
    if active is not None and LEDGER_POST.allows(request):
        actions.append(FileAction(_("Record a payment"), reverse("tenancies:payment-create", args=[active.pk])))
    if active is not None and RECOVERY.allows(request) and balances.get(active.pk, 0) > 0:
        actions.append(FileAction(_("Agree a repayment plan"), reverse("tenancies:plan-create", args=[active.pk])))
    summary = ""
    if active is not None:
        summary = _("Tenancy %(reference)s: %(balance)s") % {
            "reference": active.reference,
            "balance": _balance_text(balances.get(active.pk, 0)),
        }
    return FileSection(
        key="tenancy",
        title=_("Tenancy"),
        order=40,
        summary=summary,
        rows=tuple(rows),
        empty=_("No tenancy."),
        actions=tuple(actions),
        events=tuple(events),
        records=(*tenancies, *cases, *plans),
    )


def support_section(request: Any, household: Any) -> FileSection:
    plans = list(
        support_selectors.support_plan_list(
            actor=actor_of(request), filters=support_selectors.PlanFilters(status="all")
        ).filter(household=household)[:SHOWN]
    )
    rows = tuple(
        (
            _("Plan started on %(date)s") % {"date": date_format(plan.started_on, "DATE_FORMAT")},
            plan.get_status_display()
            + (
                _(", next review on %(date)s") % {"date": date_format(plan.next_review_on, "DATE_FORMAT")}
                if plan.next_review_on and plan.status == plan.Status.OPEN
                else ""
            ),
            reverse("tenancies:support-plan-detail", args=[plan.pk]),
        )
        for plan in plans
    )
    return FileSection(
        key="support",
        title=_("Support plan"),
        order=50,
        rows=rows,
        empty=_("No support plan."),
        actions=(
            FileAction(
                _("Open a support plan"), reverse("tenancies:support-plan-create") + f"?household={household.pk}"
            ),
        ),
        events=tuple(
            FileEvent(
                plan.started_on, _("Support plan opened"), reverse("tenancies:support-plan-detail", args=[plan.pk])
            )
            for plan in plans
        ),
        records=tuple(plans),
    )
