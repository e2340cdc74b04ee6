"""Reads for the dashboards: applications by verdict, offers waiting for an answer, territories
without allocation rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from abitare.accounts.models import Membership, Territory
from abitare.core.figures import Trend, count_by_territory, territories_uncovered, trend_of
from abitare.matching.models import Application, Offer, RuleSet
from abitare.matching.selectors.applications import application_list
from abitare.matching.selectors.offers import offer_list

#: Offers whose reply-by date falls within this many days are "due soon".
OFFER_DUE_SOON_DAYS = 7
LIVE_APPLICATIONS = Q(status__in=[Application.Status.SUBMITTED, Application.Status.ELIGIBLE])
WAITING = Q(status=Offer.Status.SENT)


def applications_by_verdict(*, actor: Membership | None, today: datetime.date) -> tuple[dict[str, int], Trend]:
    """Applications per status (every status, zero included); the trend counts applications submitted."""
    applications = application_list(actor=actor)
    counts = dict(applications.order_by().values_list("status").annotate(n=Count("pk")))
    trend = trend_of(applications, entered="submitted_on", today=today)
    return {status: counts.get(status, 0) for status in Application.Status.values}, trend


def applications_live_by_territory(*, actor: Membership | None) -> tuple[tuple[str, int], ...]:
    return count_by_territory(application_list(actor=actor), state=LIVE_APPLICATIONS)


@dataclass(frozen=True)
class OffersWaiting:
    overdue: int
    due_soon: int
    later: int
    next_deadline: datetime.date | None
    trend: Trend

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.later


def offers_waiting(*, actor: Membership | None, today: datetime.date) -> OffersWaiting:
    """Offers sent and not yet answered, by their reply-by date: past it, within a week, later;
    the nearest deadline still ahead; the trend counts offers sent."""
    offers = offer_list(actor=actor)
    soon = today + datetime.timedelta(days=OFFER_DUE_SOON_DAYS)
    row = (
        offers.filter(WAITING)
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(reply_by__lt=today)),
            due_soon=Count("pk", filter=Q(reply_by__gte=today, reply_by__lte=soon)),
            later=Count("pk", filter=Q(reply_by__gt=soon)),
            next_deadline=Min("reply_by", filter=Q(reply_by__gte=today)),
        )
    )
    trend = trend_of(offers, entered="sent_at__date", today=today)
    return OffersWaiting(row["overdue"], row["due_soon"], row["later"], row["next_deadline"], trend)


def offers_waiting_by_territory(*, actor: Membership | None) -> tuple[tuple[str, int], ...]:
    return count_by_territory(offer_list(actor=actor), state=WAITING)


def territories_without_rules(*, actor: Membership | None, today: datetime.date) -> list[str]:
    """The territories of the membership where no eligibility rule set is in force."""
    if actor is None:
        return []
    territories = Territory.objects.filter(path__startswith=actor.territory.path).values_list("name", "path")
    return territories_uncovered(territories, RuleSet.objects.filter(kind=RuleSet.Kind.ELIGIBILITY), today=today)
