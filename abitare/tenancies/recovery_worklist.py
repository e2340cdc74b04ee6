"""Arrears recovery on the work list: open arrears cases, breached repayment plans, credits to
match, and community-work hours waiting for the signed-in supervisor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.tenancies.models import ArrearsCase, RepaymentPlan
from abitare.tenancies.selectors.arrears import arrears_case_list
from abitare.tenancies.selectors.community import sessions_to_confirm
from abitare.tenancies.selectors.payments import unmatched_queue
from abitare.tenancies.selectors.plans import plan_list

LIMIT = 50


def recovery_items(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    cases = arrears_case_list(actor=membership, status=ArrearsCase.Status.OPEN).order_by("opened_on", "id")
    for case in cases[:LIMIT]:
        yield WorkItem(
            kind="tenancies.arrears_case",
            title=_("Arrears: %(reference)s") % {"reference": case.tenancy.reference},
            url=reverse("tenancies:arrears-detail", args=[case.pk]),
            due=case.opened_on,
            detail=_("%(amount)s € owed when opened") % {"amount": case.balance_at_opening},
            severity="danger",
        )
    for plan in plan_list(actor=membership, status=RepaymentPlan.Status.BREACHED)[:LIMIT]:
        yield WorkItem(
            kind="tenancies.plan_breached",
            title=_("Repayment plan breached: %(reference)s") % {"reference": plan.tenancy.reference},
            url=reverse("tenancies:plan-detail", args=[plan.pk]),
            detail=_("Debt %(amount)s €") % {"amount": plan.debt},
            severity="danger",
        )
    waiting = unmatched_queue(actor=membership).count()
    if waiting:
        yield WorkItem(
            kind="tenancies.credits_unmatched",
            title=_("Bank credits to match: %(n)s") % {"n": waiting},
            url=reverse("tenancies:credit-queue"),
            severity="warning",
        )


def hours_to_confirm(request: Any) -> Iterable[WorkItem]:
    sessions = sessions_to_confirm(actor=membership_of(request), supervisor=request.user)
    for session in sessions.order_by("worked_on", "id")[:LIMIT]:
        yield WorkItem(
            kind="tenancies.hours_to_confirm",
            title=_("Community-work hours to confirm: %(hours)s h, %(task)s")
            % {"hours": session.hours, "task": session.task.title},
            url=reverse("tenancies:community-confirm"),
            due=session.worked_on,
            detail=session.tenancy.reference,
            severity="warning",
        )
