"""Matching's figures: applications by verdict and offers waiting for an answer (operators,
coordinators), territories without eligibility rules (administrators)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part, compares_territories
from abitare.matching.models import Application, Offer
from abitare.matching.selectors import figures as selectors


def allocation_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    today = timezone.localdate()
    compare = compares_territories(actor)
    counts, trend = selectors.applications_by_verdict(actor=actor, today=today)
    applications = reverse("matching:application-list")
    yield Figure(
        key="matching.applications",
        label=_("Applications by verdict"),
        value=sum(counts.values()),
        url=applications,
        order=30,
        detail=_("Trend: applications submitted"),
        trend=trend,
        parts=tuple(
            Part(Application.Status(status).label, count, f"{applications}?status={status}")
            for status, count in counts.items()
        ),
        territories=selectors.applications_live_by_territory(actor=actor) if compare else (),
    )
    waiting = selectors.offers_waiting(actor=actor, today=today)
    offers = f"{reverse('matching:offer-list')}?status={Offer.Status.SENT}"
    deadline = waiting.next_deadline
    yield Figure(
        key="matching.offers_waiting",
        label=_("Offers waiting for an answer"),
        value=waiting.total,
        url=offers,
        order=31,
        detail=_("Next deadline: %(date)s") % {"date": formats.date_format(deadline, "SHORT_DATE_FORMAT")}
        if deadline
        else "",
        trend=waiting.trend,
        parts=(
            Part(_("Past the deadline"), waiting.overdue, offers),
            Part(_("Deadline within a week"), waiting.due_soon, offers),
            Part(_("Later"), waiting.later, offers),
        ),
        territories=selectors.offers_waiting_by_territory(actor=actor) if compare else (),
        severity="danger" if waiting.overdue else "info",
    )


def configuration_figures(request: Any) -> Iterable[Figure]:
    missing = selectors.territories_without_rules(actor=membership_of(request), today=timezone.localdate())
    yield Figure(
        key="matching.without_rules",
        label=_("Territories without eligibility rules"),
        value=len(missing),
        url=reverse("matching:ruleset-list"),
        order=121,
        detail=", ".join(missing[:5]),
        severity="danger" if missing else "info",
    )
