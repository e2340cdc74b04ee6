"""Reads for labs: the public directory and calendar (published labs only, no personal data)
and the facilitators' views (scoped to the lab's organisation and territory subtree)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from abitare.accounts.models import Membership, Territory
from abitare.labs import recurrence
from abitare.labs.models import Activity, ActivityException, Attendance, HeadCount, Lab, Occurrence, Registration
from abitare.labs.permissions import lab_scope


def exception_specs(activity: Activity) -> list[recurrence.ExceptionSpec]:
    """The activity's exceptions as plain data for the recurrence core (uses a prefetch if present)."""
    return [
        recurrence.ExceptionSpec(original_start=e.original_start, new_start=e.new_start)
        for e in activity.exceptions.all()
    ]


@dataclass(frozen=True)
class DatedActivity:
    """One occurrence of an activity, ready for a calendar page."""

    activity: Activity
    occurrence: recurrence.Occurrence

    @property
    def start(self) -> datetime.datetime:
        return self.occurrence.start

    @property
    def end(self) -> datetime.datetime:
        return self.occurrence.end


def occurrences_between(
    activities: QuerySet[Activity] | list[Activity], start: datetime.datetime, end: datetime.datetime
) -> list[DatedActivity]:
    """Expand activities (exceptions prefetched) into dated occurrences in ``[start, end)``."""
    dated = [
        DatedActivity(activity, occurrence)
        for activity in activities
        for occurrence in recurrence.expand(
            dtstart=activity.dtstart,
            duration=activity.duration,
            rule=activity.rrule,
            window_start=start,
            window_end=end,
            exceptions=exception_specs(activity),
        )
    ]
    dated.sort(key=lambda item: (item.start, item.activity.title))
    return dated


# Public reads -------------------------------------------------------------------------------


def lab_public_list(*, tag: str = "", territory: Territory | None = None, weekday: int | None = None) -> QuerySet[Lab]:
    """Published labs, filtered by interest tag, territory subtree and weekday of their activities."""
    labs = (
        Lab.objects.filter(is_published=True)
        .select_related("territory", "main_place", "organisation")
        .prefetch_related("tags")
    )
    if tag:
        labs = labs.filter(Q(tags__slug=tag) | Q(activities__tags__slug=tag)).distinct()
    if territory is not None:
        labs = labs.filter(territory__path__startswith=territory.path)
    if weekday is not None:
        labs = labs.filter(pk__in=_labs_active_on_weekday(weekday))
    return labs


def _labs_active_on_weekday(weekday: int) -> set[int]:
    """Labs with an occurrence on ``weekday`` (0 = Monday) in the next four weeks."""
    now = datetime.datetime.now(tz=recurrence.ROME)
    activities = activity_public_list(start=now, end=now + datetime.timedelta(days=28))
    return {
        item.activity.lab_id
        for item in occurrences_between(activities, now, now + datetime.timedelta(days=28))
        if item.start.weekday() == weekday
    }


def lab_public_get(*, slug: str) -> Lab | None:
    return (
        Lab.objects.filter(is_published=True, slug=slug)
        .select_related("territory", "organisation", "main_place")
        .prefetch_related("tags", "places__opening_hours", "collaborators")
        .first()
    )


def activity_public_list(
    *,
    start: datetime.datetime,
    end: datetime.datetime | None,
    lab: Lab | None = None,
    territory: Territory | None = None,
    tag: str = "",
    audience: str = "",
) -> QuerySet[Activity]:
    """Activities of published labs that may have an occurrence in ``[start, end)`` (no end: all later)."""
    activities = Activity.objects.filter(lab__is_published=True, last_end__gt=start)
    if end is not None:
        activities = activities.filter(Q(dtstart__lt=end) | Q(exceptions__new_start__lt=end))
    activities = (
        activities.select_related("lab", "place")
        .prefetch_related(Prefetch("exceptions", queryset=ActivityException.objects.all()), "tags")
        .distinct()
    )
    if lab is not None:
        activities = activities.filter(Q(lab=lab) | Q(participating_labs=lab))
    if territory is not None:
        activities = activities.filter(lab__territory__path__startswith=territory.path)
    if tag:
        activities = activities.filter(tags__slug=tag)
    if audience:
        activities = activities.filter(audience=audience)
    return activities


def activity_public_get(*, pk: int) -> Activity | None:
    return (
        Activity.objects.filter(pk=pk, lab__is_published=True)
        .select_related("lab", "place")
        .prefetch_related("exceptions", "tags")
        .first()
    )


def places_left(*, activity: Activity, start: datetime.datetime) -> int | None:
    """Free places at one occurrence (None when the activity has no capacity limit)."""
    if activity.capacity is None:
        return None
    confirmed = Registration.objects.filter(
        occurrence__activity=activity, occurrence__start=start, status=Registration.Status.CONFIRMED
    ).count()
    return max(0, activity.capacity - confirmed)


def territory_public_list() -> QuerySet[Territory]:
    """Territories that have at least one published lab, or contain one (for the filter)."""
    paths = list(Lab.objects.filter(is_published=True).values_list("territory__path", flat=True).distinct())
    ids = {int(pk) for path in paths for pk in path.strip("/").split("/") if pk}
    return Territory.objects.filter(pk__in=ids).order_by("path")


# Facilitators' reads ------------------------------------------------------------------------


def lab_list(*, membership: Membership | None) -> QuerySet[Lab]:
    return lab_scope(Lab.objects.select_related("territory", "organisation"), membership)


def lab_get(*, membership: Membership | None, pk: int) -> Lab | None:
    return lab_list(membership=membership).filter(pk=pk).first()


def activity_get(*, membership: Membership | None, pk: int) -> Activity | None:
    return (
        lab_scope(Activity.objects.all(), membership, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
        .filter(pk=pk)
        .first()
    )


def activity_list(*, membership: Membership | None) -> QuerySet[Activity]:
    return (
        lab_scope(Activity.objects.all(), membership, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
    )


def registration_list(*, membership: Membership | None) -> QuerySet[Registration]:
    return lab_scope(
        Registration.objects.select_related("occurrence__activity__lab"),
        membership,
        lab_path="occurrence__activity__lab__",
    )


def registration_get(*, membership: Membership | None, pk: int) -> Registration | None:
    return registration_list(membership=membership).filter(pk=pk).first()


def occurrence_registrations(*, activity: Activity, start: datetime.datetime) -> QuerySet[Registration]:
    """Registrations of one occurrence (call only after the activity was read through a scoped selector)."""
    return Registration.objects.filter(occurrence__activity=activity, occurrence__start=start).order_by(
        "status", "created_at", "id"
    )


def occurrence_attendance(*, activity: Activity, start: datetime.datetime) -> QuerySet[Attendance]:
    return Attendance.objects.filter(occurrence__activity=activity, occurrence__start=start).order_by("name")


def occurrence_head_counts(*, activity: Activity, start: datetime.datetime) -> dict[tuple[str, str], int]:
    return {
        (h.age_band, h.sex): h.count
        for h in HeadCount.objects.filter(occurrence__activity=activity, occurrence__start=start)
    }


@dataclass(frozen=True)
class Reach:
    named: int
    counted: int
    first_time: int
    first_time_known: int

    @property
    def people(self) -> int:
        return self.named + self.counted

    @property
    def first_time_share(self) -> float | None:
        """Share of first-time participants among named participants whose answer is known."""
        return self.first_time / self.first_time_known if self.first_time_known else None


def lab_reach(*, lab: Lab, start: datetime.datetime, end: datetime.datetime) -> Reach:
    """People reached by a lab in a period: named attendances plus anonymous head counts."""
    occurrences = Occurrence.objects.filter(activity__lab=lab, start__gte=start, start__lt=end)
    attendance: dict[str, Any] = Attendance.objects.filter(occurrence__in=occurrences).aggregate(
        named=Count("id"),
        first=Count("id", filter=Q(first_time=True)),
        known=Count("id", filter=Q(first_time__isnull=False)),
    )
    counted = HeadCount.objects.filter(occurrence__in=occurrences).aggregate(total=Sum("count"))["total"] or 0
    return Reach(
        named=attendance["named"],
        counted=counted,
        first_time=attendance["first"],
        first_time_known=attendance["known"],
    )
