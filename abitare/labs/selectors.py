"""Reads for labs: the public directory and calendar (published labs only, no personal data)
and the facilitators' views (scoped to the lab's organisation and territory subtree)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, When

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import scope
from abitare.core.rules import path_ids
from abitare.labs import geo, matching, recurrence
from abitare.labs.models import (
    Activity,
    ActivityException,
    AgoraInvitation,
    Attendance,
    CouncilMeeting,
    HeadCount,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Lab,
    Occurrence,
    Place,
    Registration,
    Volunteer,
    VolunteerHours,
)
from abitare.labs.permissions import lab_scope


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
    return {
        item.activity.lab_id
        for item in calendar_public(start=now, end=now + datetime.timedelta(days=28))
        if item.start.weekday() == weekday
    }


def lab_public_get(*, slug: str) -> Lab | None:
    return (
        Lab.objects.filter(is_published=True, slug=slug)
        .select_related("territory", "organisation", "main_place")
        .prefetch_related("tags", "places__opening_hours", "collaborators")
        .first()
    )


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


def territory_public_list() -> QuerySet[Territory]:
    """Territories that have at least one published lab, or contain one (for the filter)."""
    paths = list(Lab.objects.filter(is_published=True).values_list("territory__path", flat=True).distinct())
    ids = {pk for path in paths for pk in path_ids(path)}
    return Territory.objects.filter(pk__in=ids).order_by("path")


# Facilitators' reads ------------------------------------------------------------------------


def lab_list(*, actor: Membership | None) -> QuerySet[Lab]:
    return lab_scope(Lab.objects.select_related("territory", "organisation"), actor)


def lab_get(*, actor: Membership | None, pk: int) -> Lab | None:
    return lab_list(actor=actor).filter(pk=pk).first()


def activity_get(*, actor: Membership | None, pk: int) -> Activity | None:
    return (
        lab_scope(Activity.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
        .filter(pk=pk)
        .first()
    )


def activity_list(*, actor: Membership | None) -> QuerySet[Activity]:
    return (
        lab_scope(Activity.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
    )


def registration_list(*, actor: Membership | None) -> QuerySet[Registration]:
    return lab_scope(
        Registration.objects.select_related("occurrence__activity__lab"),
        actor,
        lab_path="occurrence__activity__lab__",
    )


def registration_get(*, actor: Membership | None, pk: int) -> Registration | None:
    return registration_list(actor=actor).filter(pk=pk).first()


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


def lab_reach_many(*, labs: list[Lab], start: datetime.datetime, end: datetime.datetime) -> dict[int, Reach]:
    """:func:`lab_reach` for several labs in two grouped queries."""
    ids = [lab.pk for lab in labs]
    named: dict[int, Any] = {
        row["occurrence__activity__lab"]: row
        for row in Attendance.objects.filter(
            occurrence__activity__lab__in=ids, occurrence__start__gte=start, occurrence__start__lt=end
        )
        .values("occurrence__activity__lab")
        .annotate(
            named=Count("id"),
            first=Count("id", filter=Q(first_time=True)),
            known=Count("id", filter=Q(first_time__isnull=False)),
        )
    }
    counted = dict(
        HeadCount.objects.filter(
            occurrence__activity__lab__in=ids, occurrence__start__gte=start, occurrence__start__lt=end
        )
        .values("occurrence__activity__lab")
        .annotate(total=Sum("count"))
        .values_list("occurrence__activity__lab", "total")
    )
    return {
        pk: Reach(
            named=named.get(pk, {}).get("named", 0),
            counted=counted.get(pk) or 0,
            first_time=named.get(pk, {}).get("first", 0),
            first_time_known=named.get(pk, {}).get("known", 0),
        )
        for pk in ids
    }


# Directory by distance ----------------------------------------------------------------------


def _point(latitude: Any, longitude: Any) -> geo.Point | None:
    if latitude is None or longitude is None:
        return None
    return geo.Point(float(latitude), float(longitude))


def territory_centre(*, territory: Territory) -> geo.Point | None:
    """The mean position of the places in a territory (and below), for "near this neighbourhood"."""
    rows = Place.objects.filter(
        territory__path__startswith=territory.path, latitude__isnull=False, longitude__isnull=False
    ).values_list("latitude", "longitude")
    return geo.centre([geo.Point(float(lat), float(lon)) for lat, lon in rows if lat is not None and lon is not None])


def labs_by_distance(
    labs: QuerySet[Lab], *, origin: geo.Point, within_km: float | None = None
) -> list[tuple[Lab, float]]:
    """Labs nearest first from ``origin`` by their main place (labs without coordinates are left out)."""
    by_pk = {lab.pk: lab for lab in labs}
    coordinates = Place.objects.filter(
        pk__in=[lab.main_place_id for lab in by_pk.values() if lab.main_place_id]
    ).values_list("pk", "latitude", "longitude")
    place_point = {pk: _point(lat, lon) for pk, lat, lon in coordinates}
    ranked = geo.nearest(
        origin,
        ((pk, place_point.get(lab.main_place_id or 0)) for pk, lab in by_pk.items()),
        within_km=within_km,
    )
    return [(by_pk[pk], distance) for pk, distance in ranked]


def occurrences_by_distance(
    items: list[DatedActivity], *, origin: geo.Point, within_km: float | None = None
) -> list[tuple[DatedActivity, float]]:
    """Dated activities with their place's distance from ``origin``, keeping date order."""
    distance: dict[int, float] = {}
    for item in items:
        place = item.activity.place
        if place.pk not in distance:
            point = _point(place.latitude, place.longitude)
            distance[place.pk] = geo.haversine_km(origin, point) if point is not None else float("inf")
    return [
        (item, distance[item.activity.place.pk])
        for item in items
        if within_km is None or distance[item.activity.place.pk] <= within_km
    ]


def at_time_of_day(
    items: list[DatedActivity], *, weekday: int | None = None, time_from: Any = None, time_to: Any = None
) -> list[DatedActivity]:
    """Occurrences on a weekday (0 = Monday) and starting within a time of day, in Rome time."""
    return [
        item
        for item in items
        if (weekday is None or item.start.weekday() == weekday)
        and (time_from is None or item.start.time() >= time_from)
        and (time_to is None or item.start.time() < time_to)
    ]


# Network (Agorà) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkRow:
    lab: Lab
    reach: Reach
    upcoming: list[DatedActivity]


def network_public(*, territory: Territory, now: datetime.datetime, days: int = 28) -> list[NetworkRow]:
    """Every published lab of a territory with its phase, reach over the last year and next activities."""
    labs = list(
        Lab.objects.filter(is_published=True, territory__path__startswith=territory.path)
        .select_related("territory", "main_place")
        .order_by("name")
    )
    end = now + datetime.timedelta(days=days)
    reach = lab_reach_many(labs=labs, start=now - datetime.timedelta(days=365), end=now)
    upcoming: dict[int, list[DatedActivity]] = {lab.pk: [] for lab in labs}
    items = calendar_public(start=now, end=end, territory=territory)
    for item in items:
        if item.activity.lab_id in upcoming and len(upcoming[item.activity.lab_id]) < 3:
            upcoming[item.activity.lab_id].append(item)
    return [NetworkRow(lab=lab, reach=reach[lab.pk], upcoming=upcoming[lab.pk]) for lab in labs]


def agora_public_list(*, territory: Territory, start: datetime.datetime) -> QuerySet[Activity]:
    """Agorà gatherings of a territory's network from ``start`` on, with the labs taking part."""
    return (
        activity_public_list(start=start, end=None, territory=territory)
        .filter(kind=Activity.Kind.AGORA)
        .prefetch_related("participating_labs")
    )


def agora_invitation_list(*, actor: Membership | None) -> QuerySet[AgoraInvitation]:
    """Invitations to Agorà gatherings received by the labs the membership manages, pending first."""
    return (
        lab_scope(AgoraInvitation.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "activity__lab__organisation", "activity__place")
        .order_by(Case(When(status=AgoraInvitation.Status.PENDING, then=0), default=1), "-invited_at", "-id")
    )


def agora_invitation_get(*, actor: Membership | None, pk: int) -> AgoraInvitation | None:
    return agora_invitation_list(actor=actor).filter(pk=pk).first()


def network_territories() -> QuerySet[Territory]:
    """Districts and municipalities with published labs (whose networks have a page)."""
    return territory_public_list().filter(kind__in=[Territory.Kind.DISTRICT, Territory.Kind.MUNICIPALITY])


# Volunteers and help networks (facilitators) ------------------------------------------------


def volunteer_list(
    *, actor: Membership | None, skill: str = "", weekday: int | None = None, lab: Lab | None = None
) -> QuerySet[Volunteer]:
    """Active volunteers in scope, by a word of their skills, a weekday they are free and a lab."""
    volunteers = (
        lab_scope(Volunteer.objects.filter(is_active=True), actor)
        .prefetch_related("labs")
        .annotate(total_hours=Sum("hours__hours"))
    )
    if skill:
        volunteers = volunteers.filter(skills__icontains=skill)
    if weekday is not None:
        volunteers = volunteers.filter(Q(weekdays="") | Q(weekdays__contains=str(weekday)))
    if lab is not None:
        volunteers = volunteers.filter(labs=lab)
    return volunteers.order_by("name")


def volunteer_get(*, actor: Membership | None, pk: int) -> Volunteer | None:
    return lab_scope(Volunteer.objects.all(), actor).prefetch_related("labs").filter(pk=pk).first()


def volunteer_hours_list(*, actor: Membership | None) -> QuerySet[VolunteerHours]:
    return lab_scope(VolunteerHours.objects.select_related("volunteer", "lab"), actor, lab_path="volunteer__")


def help_network_list(*, actor: Membership | None) -> QuerySet[HelpNetwork]:
    return lab_scope(HelpNetwork.objects.select_related("territory", "lab"), actor).annotate(
        member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        open_requests=Count("requests", filter=Q(requests__status=HelpRequest.Status.OPEN), distinct=True),
    )


def help_network_get(*, actor: Membership | None, pk: int) -> HelpNetwork | None:
    return lab_scope(HelpNetwork.objects.select_related("territory", "lab"), actor).filter(pk=pk).first()


def help_offer_list(*, actor: Membership | None) -> QuerySet[HelpOffer]:
    return lab_scope(HelpOffer.objects.select_related("neighbourhood", "network"), actor, lab_path="network__")


def help_request_list(*, actor: Membership | None) -> QuerySet[HelpRequest]:
    return lab_scope(
        HelpRequest.objects.select_related("neighbourhood", "network", "matched_offer"),
        actor,
        lab_path="network__",
    )


def help_member_list(*, actor: Membership | None) -> QuerySet[HelpNetworkMember]:
    return lab_scope(HelpNetworkMember.objects.select_related("neighbourhood"), actor, lab_path="network__")


def help_request_candidates(*, request: HelpRequest) -> list[tuple[HelpOffer, matching.Match]]:
    """Active offers of the request's network that fit it, best first (see :mod:`matching`)."""
    offers = {
        offer.pk: offer
        for offer in HelpOffer.objects.filter(network_id=request.network_id, is_active=True, kind=request.kind)
        .select_related("neighbourhood")
        .order_by("created_at", "id")
    }
    wanted = matching.Need(
        key=request.pk,
        kind=request.kind,
        neighbourhood_path=request.neighbourhood.path,
        weekdays=matching.parse_weekdays(request.weekdays),
        time_from=request.time_from,
        time_to=request.time_to,
    )
    needs = [
        matching.Need(
            key=o.pk,
            kind=o.kind,
            neighbourhood_path=o.neighbourhood.path,
            weekdays=matching.parse_weekdays(o.weekdays),
            time_from=o.time_from,
            time_to=o.time_to,
        )
        for o in offers.values()
    ]
    return [(offers[m.offer_key], m) for m in matching.match_offers(wanted, needs)]


def council_meeting_list(*, lab: Lab) -> QuerySet[CouncilMeeting]:
    """A lab's council meetings (call after reading the lab through a scoped selector)."""
    return CouncilMeeting.objects.filter(lab=lab).select_related("place").prefetch_related("attendees")


def place_list(*, actor: Membership | None) -> QuerySet[Place]:
    return scope(
        Place.objects.select_related("territory").prefetch_related("opening_hours"),
        actor,
        organisation_field="organisation",
        territory_field="territory",
    )


def place_get(*, actor: Membership | None, pk: int) -> Place | None:
    return place_list(actor=actor).filter(pk=pk).first()
