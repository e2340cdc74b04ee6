"""Public calendar reads: activities of published labs and their dated occurrences (no personal data)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from abitare.accounts.models import Territory
from abitare.labs import recurrence
from abitare.labs.models import Activity, ActivityException, Lab, Registration


def exception_specs(activity: Activity) -> list[recurrence.ExceptionSpec]:
    """The activity's exceptions as plain data for the recurrence core (uses a prefetch if present)."""
    return [
        recurrence.ExceptionSpec(original_start=e.original_start, new_start=e.new_start)
        for e in activity.exceptions.all()
    ]


@dataclass(frozen=True)
class CalendarLab:
    pk: int
    name: str
    slug: str


@dataclass(frozen=True)
class CalendarPlace:
    pk: int
    name: str
    street: str
    postal_code: str
    city: str
    latitude: Any
    longitude: Any

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postal_code} {self.city}".strip()) if part)


@dataclass(frozen=True)
class CalendarActivity:
    """The public face of an activity for calendars, read with ``values()``: a calendar page
    reads hundreds of activities, and full model instances cost several times more to build."""

    pk: int
    title: str
    kind: str
    audience: str
    is_free: bool
    registration_required: bool
    dtstart: datetime.datetime
    duration: datetime.timedelta
    rrule: str
    lab: CalendarLab
    place: CalendarPlace
    exception_list: tuple[recurrence.ExceptionSpec, ...]

    @property
    def lab_id(self) -> int:
        return self.lab.pk

    @property
    def place_id(self) -> int:
        return self.place.pk

    def get_audience_display(self) -> str:
        return str(Activity.Audience(self.audience).label)


@dataclass(frozen=True)
class DatedActivity:
    """One occurrence of an activity, ready for a calendar page."""

    activity: Activity | CalendarActivity
    occurrence: recurrence.Occurrence

    @property
    def start(self) -> datetime.datetime:
        return self.occurrence.start

    @property
    def end(self) -> datetime.datetime:
        return self.occurrence.end


def occurrences_between(
    activities: QuerySet[Activity] | list[Activity] | list[CalendarActivity],
    start: datetime.datetime,
    end: datetime.datetime,
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
            exceptions=activity.exception_list if isinstance(activity, CalendarActivity) else exception_specs(activity),
        )
    ]
    dated.sort(key=lambda item: (item.start, item.activity.title))
    return dated


def occurrence_at(activity: Activity, start: datetime.datetime) -> DatedActivity | None:
    """The activity's date that starts at ``start`` (moves and cancellations applied), if any."""
    window = datetime.timedelta(minutes=1)
    return next(
        (item for item in occurrences_between([activity], start - window, start + window) if item.start == start), None
    )


CALENDAR_FIELDS = (
    "pk",
    "title",
    "kind",
    "audience",
    "is_free",
    "registration_required",
    "dtstart",
    "duration",
    "rrule",
    "lab_id",
    "lab__name",
    "lab__slug",
    "place_id",
    "place__name",
    "place__street",
    "place__postal_code",
    "place__city",
    "place__latitude",
    "place__longitude",
)


def calendar_public(*, start: datetime.datetime, end: datetime.datetime, **filters: Any) -> list[DatedActivity]:
    """Dated occurrences of published activities in ``[start, end)`` (filters as
    :func:`activity_public_list`), read with ``values()`` into :class:`CalendarActivity`."""
    rows = list(_activity_public_filter(start=start, end=end, **filters).values(*CALENDAR_FIELDS))
    changes: dict[int, list[recurrence.ExceptionSpec]] = defaultdict(list)
    for activity_id, original_start, new_start in ActivityException.objects.filter(
        activity_id__in=[row["pk"] for row in rows]
    ).values_list("activity_id", "original_start", "new_start"):
        changes[activity_id].append(recurrence.ExceptionSpec(original_start=original_start, new_start=new_start))
    labs: dict[int, CalendarLab] = {}
    places: dict[int, CalendarPlace] = {}
    activities = []
    for row in rows:
        lab = labs.setdefault(row["lab_id"], CalendarLab(row["lab_id"], row["lab__name"], row["lab__slug"]))
        place = places.setdefault(
            row["place_id"],
            CalendarPlace(
                row["place_id"],
                row["place__name"],
                row["place__street"],
                row["place__postal_code"],
                row["place__city"],
                row["place__latitude"],
                row["place__longitude"],
            ),
        )
        activities.append(
            CalendarActivity(
                pk=row["pk"],
                title=row["title"],
                kind=row["kind"],
                audience=row["audience"],
                is_free=row["is_free"],
                registration_required=row["registration_required"],
                dtstart=row["dtstart"],
                duration=row["duration"],
                rrule=row["rrule"],
                lab=lab,
                place=place,
                exception_list=tuple(changes.get(row["pk"], ())),
            )
        )
    return occurrences_between(activities, start, end)


def _activity_public_filter(
    *,
    start: datetime.datetime,
    end: datetime.datetime | None,
    lab: Lab | None = None,
    territory: Territory | None = None,
    tag: str = "",
    audience: str = "",
) -> QuerySet[Activity]:
    # Multi-valued conditions are subqueries, so no row is repeated and no DISTINCT is needed.
    activities = Activity.objects.filter(lab__is_published=True, last_end__gt=start)
    if end is not None:
        moved_in = ActivityException.objects.filter(new_start__lt=end).values("activity_id")
        activities = activities.filter(Q(dtstart__lt=end) | Q(pk__in=moved_in))
    if lab is not None:
        activities = activities.filter(
            Q(lab=lab) | Q(pk__in=Activity.participating_labs.through.objects.filter(lab=lab).values("activity_id"))
        )
    if territory is not None:
        activities = activities.filter(lab__territory__path__startswith=territory.path)
    if tag:
        activities = activities.filter(pk__in=Activity.tags.through.objects.filter(tag__slug=tag).values("activity_id"))
    if audience:
        activities = activities.filter(audience=audience)
    return activities


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
    return (
        _activity_public_filter(start=start, end=end, lab=lab, territory=territory, tag=tag, audience=audience)
        .select_related("lab", "place")
        .prefetch_related(Prefetch("exceptions", queryset=ActivityException.objects.all()))
    )


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
