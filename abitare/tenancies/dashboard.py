"""The tenancies' figures on the operators' and coordinators' dashboards: arrears and their ageing,
repayment plans in breach, community hours waiting for confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part, compares_territories
from abitare.tenancies.models import ArrearsCase, RepaymentPlan
from abitare.tenancies.selectors import figures as selectors

BUCKET_LABELS = {
    "not_due": _("Not yet due"),
    "1-30": _("1-30 days late"),
    "31-60": _("31-60 days late"),
    "61-90": _("61-90 days late"),
    "90+": _("Over 90 days late"),
}


def recovery_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    today = timezone.localdate()
    compare = compares_territories(actor)
    arrears = selectors.arrears_ageing(actor=actor, today=today)
    cases = f"{reverse('tenancies:arrears-list')}?status={ArrearsCase.Status.OPEN}"
    yield Figure(
        key="tenancies.arrears",
        label=_("Arrears"),
        value=arrears.total,
        url=cases,
        order=50,
        unit="euro",
        detail=_("Owed by %(count)s tenancies; trend: arrears cases opened") % {"count": arrears.tenancies},
        trend=arrears.trend,
        parts=tuple(Part(BUCKET_LABELS[label], amount, cases) for label, amount in arrears.buckets.items()),
        territories=arrears.by_territory if compare else (),
        severity="warning" if arrears.buckets["90+"] else "info",
    )
    breached = selectors.plans_in_breach(actor=actor, today=today)
    yield Figure(
        key="tenancies.plans_breached",
        label=_("Repayment plans in breach"),
        value=breached.value,
        url=f"{reverse('tenancies:plan-list')}?status={RepaymentPlan.Status.BREACHED}",
        order=51,
        detail=_("Trend: plans that went into breach"),
        trend=breached.trend,
        territories=selectors.plans_in_breach_by_territory(actor=actor) if compare else (),
        severity="danger" if breached.value else "info",
    )
    pending = selectors.community_hours_pending(actor=actor, today=today)
    oldest = pending.oldest
    yield Figure(
        key="tenancies.hours_pending",
        label=_("Community hours waiting for confirmation"),
        value=pending.hours,
        url=reverse("tenancies:community-task-list"),
        order=52,
        unit="hours",
        detail=_("%(count)s sessions, the oldest of %(date)s")
        % {"count": pending.sessions, "date": formats.date_format(oldest, "SHORT_DATE_FORMAT")}
        if oldest
        else "",
        trend=pending.trend,
    )
