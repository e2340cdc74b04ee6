"""Distances over the places' coordinates: plain functions, no ORM.

The directory orders labs and activities by the great-circle distance (haversine formula on a
sphere of the Earth's mean radius, 6,371.0088 km) from a point the citizen chooses: the centre
of a neighbourhood (the mean of its places) or coordinates they type.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def centre(points: Sequence[Point]) -> Point | None:
    """Mean position of a few nearby points (good enough inside a municipality); None if empty."""
    if not points:
        return None
    return Point(
        sum(p.latitude for p in points) / len(points),
        sum(p.longitude for p in points) / len(points),
    )


def nearest(
    origin: Point, candidates: Iterable[tuple[K, Point | None]], *, within_km: float | None = None
) -> list[tuple[K, float]]:
    """Candidates with coordinates, nearest first, with their distance; optionally within a radius."""
    ranked = [(key, haversine_km(origin, point)) for key, point in candidates if point is not None]
    if within_km is not None:
        ranked = [(key, distance) for key, distance in ranked if distance <= within_km]
    ranked.sort(key=lambda pair: pair[1])
    return ranked
