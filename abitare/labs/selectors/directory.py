"""The public directory: published labs by interest, territory, weekday and distance."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from abitare.accounts.models import Territory
from abitare.core.rules import path_ids
from abitare.labs import geo, recurrence
from abitare.labs.models import Lab, Place
from abitare.labs.selectors.calendar import DatedActivity, calendar_public


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


def territory_public_list() -> QuerySet[Territory]:
    """Territories that have at least one published lab, or contain one (for the filter)."""
    paths = list(Lab.objects.filter(is_published=True).values_list("territory__path", flat=True).distinct())
    ids = {pk for path in paths for pk in path_ids(path)}
    return Territory.objects.filter(pk__in=ids).order_by("path")


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
