"""Reads for the facilitator's dashboard: next sessions, registrations and waiting lists,
attendance still to record, volunteers' hours, help requests without a match."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from abitare.accounts.models import Membership
from abitare.core.figures import TREND_DAYS, Counted, Trend, count_with_trend, windows
from abitare.labs.models import HelpRequest, Occurrence, Registration
from abitare.labs.permissions import lab_scope
from abitare.labs.selectors.calendar import DatedActivity, occurrences_between
from abitare.labs.selectors.community import help_need_list, volunteer_hours_list
from abitare.labs.selectors.labs import activity_list, registration_list

#: The dashboard's horizon for the next sessions, in days.
NEXT_DAYS = 7


def sessions_between(
    *, actor: Membership | None, start: datetime.datetime, end: datetime.datetime
) -> list[DatedActivity]:
    """The dated sessions of the labs in scope in ``[start, end)``."""
    activities = activity_list(actor=actor).filter(dtstart__lt=end, last_end__gte=start)
    return occurrences_between(list(activities), start, end)


def next_sessions(*, actor: Membership | None, now: datetime.datetime) -> list[DatedActivity]:
    """The sessions of the coming :data:`NEXT_DAYS` days, soonest first."""
    return sessions_between(actor=actor, start=now, end=now + datetime.timedelta(days=NEXT_DAYS))


@dataclass(frozen=True)
class Registrations:
    confirmed: int
    waiting: int
    trend: Trend


def registrations_upcoming(*, actor: Membership | None, now: datetime.datetime) -> Registrations:
    """Confirmed registrations and places on a waiting list for sessions still to come; the trend
    counts registrations made."""
    registrations = registration_list(actor=actor)
    upcoming = Q(occurrence__start__gte=now)
    row = registrations.order_by().aggregate(
        confirmed=Count("pk", filter=upcoming & Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=upcoming & Q(status=Registration.Status.WAITING)),
    )
    counted = count_with_trend(
        registrations, state=Q(status=Registration.Status.WAITING), entered="created_at__date", today=now.date()
    )
    return Registrations(row["confirmed"], row["waiting"], counted.trend)


def attendance_to_record(*, actor: Membership | None, now: datetime.datetime) -> list[DatedActivity]:
    """Sessions of the last :data:`~abitare.core.figures.TREND_DAYS` days that are over and have
    neither an attendance list nor a head count."""
    start = now - datetime.timedelta(days=TREND_DAYS)
    held = [dated for dated in sessions_between(actor=actor, start=start, end=now) if dated.end <= now]
    recorded = set(
        lab_scope(Occurrence.objects.all(), actor, lab_path="activity__lab__")
        .filter(start__gte=start, start__lt=now)
        .filter(Q(attendances__isnull=False) | Q(head_counts__isnull=False))
        .values_list("activity_id", "start")
        .distinct()
    )
    return [dated for dated in held if (dated.activity.pk, dated.start) not in recorded]


@dataclass(frozen=True)
class VolunteerHoursFigures:
    recent: Decimal
    earlier: Decimal
    volunteers: int


def volunteer_hours_recent(*, actor: Membership | None, today: datetime.date) -> VolunteerHoursFigures:
    """Hours given by volunteers in the last 30 days and in the 30 before, and how many gave them."""
    start, before = windows(today)
    last = Q(date__gt=start, date__lte=today)
    row = (
        volunteer_hours_list(actor=actor)
        .order_by()
        .aggregate(
            recent=Sum("hours", filter=last),
            earlier=Sum("hours", filter=Q(date__gt=before, date__lte=start)),
            volunteers=Count("volunteer_id", filter=last, distinct=True),
        )
    )
    return VolunteerHoursFigures(row["recent"] or Decimal(0), row["earlier"] or Decimal(0), row["volunteers"])


def help_requests_unmatched(*, actor: Membership | None, today: datetime.date) -> Counted:
    """Open help requests without a match; the trend counts requests received."""
    return count_with_trend(
        help_need_list(actor=actor, model=HelpRequest),
        state=Q(status=HelpRequest.Status.OPEN),
        entered="created_at__date",
        today=today,
    )
