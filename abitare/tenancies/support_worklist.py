"""Support plans on the work list: reviews due within 14 days (or past), referrals waiting for a
follow-up, open mediation cases with no meeting in 30 days. Case workers see their own items,
coordinators every item in their scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.tenancies.selectors import support as selectors

LIMIT = 50


def support_items(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    today = timezone.localdate()
    for plan in selectors.plans_review_due(actor=membership, user=request.user, today=today)[:LIMIT]:
        yield WorkItem(
            kind="tenancies.support_review",
            title=_("Review of the support plan: %(household)s") % {"household": plan.household},
            url=reverse("tenancies:support-plan-detail", args=[plan.pk]),
            due=plan.next_review_on,
            severity="danger" if plan.next_review_on and plan.next_review_on < today else "warning",
        )
    for referral in selectors.referrals_follow_up_due(actor=membership, user=request.user, today=today)[:LIMIT]:
        yield WorkItem(
            kind="tenancies.referral_follow_up",
            title=_("Follow up the referral of %(household)s to %(to)s")
            % {"household": referral.plan.household, "to": referral},
            url=reverse("tenancies:support-plan-detail", args=[referral.plan_id]) + "#referrals",
            due=referral.follow_up_on,
            severity="danger" if referral.follow_up_on < today else "warning",
        )
    for case in selectors.mediations_quiet(actor=membership, user=request.user, today=today)[:LIMIT]:
        yield WorkItem(
            kind="tenancies.mediation_quiet",
            title=_("No meeting in 30 days: %(case)s") % {"case": case},
            url=reverse("tenancies:mediation-detail", args=[case.pk]),
            due=getattr(case, "last_meeting_on", None) or case.opened_on,
            detail=_("Meet the parties or close the case."),
            severity="warning",
        )
