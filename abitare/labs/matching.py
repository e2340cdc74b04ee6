"""Matching a help request to the offers that fit: plain functions over plain data, no ORM.

An offer fits a request when it is of the same kind, in the same neighbourhood (or, failing
that, in the same municipality, ranked lower), and their times overlap: at least one common
weekday when both give weekdays, and overlapping hours when both give a time window. A side
that gives no weekdays or no hours is taken as flexible. Fitting offers are ranked by place
(same neighbourhood first), then by how many weekdays they share, then by how long the shared
hours are, then oldest offer first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from abitare.core.rules import ancestor_paths

SAME_NEIGHBOURHOOD = 2
SAME_MUNICIPALITY = 1


@dataclass(frozen=True)
class Need:
    """The side of a request or an offer that matching looks at."""

    key: int
    kind: str
    neighbourhood_path: str
    weekdays: frozenset[int] = frozenset()
    time_from: datetime.time | None = None
    time_to: datetime.time | None = None


@dataclass(frozen=True)
class Match:
    offer_key: int
    place_score: int
    shared_weekdays: int
    shared_minutes: int | None


def parse_weekdays(text: str) -> frozenset[int]:
    """'0,2,4' -> {0, 2, 4}; anything not a weekday number is ignored."""
    return frozenset(int(part) for part in text.replace(" ", "").split(",") if part.isdigit() and int(part) <= 6)


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(str(day) for day in sorted(set(days)))


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def _shared_minutes(a: Need, b: Need) -> int | None:
    """Minutes both are available, None when either side gives no hours (flexible)."""
    if a.time_from is None or a.time_to is None or b.time_from is None or b.time_to is None:
        return None
    return min(_minutes(a.time_to), _minutes(b.time_to)) - max(_minutes(a.time_from), _minutes(b.time_from))


def _parent(path: str) -> str:
    paths = ancestor_paths(path)
    return paths[-2] if len(paths) > 1 else path


def place_score(request_path: str, offer_path: str) -> int:
    """2 for the same neighbourhood, 1 for a sibling in the same municipality, 0 otherwise."""
    if request_path == offer_path:
        return SAME_NEIGHBOURHOOD
    if _parent(request_path) == _parent(offer_path):
        return SAME_MUNICIPALITY
    return 0


def fits(request: Need, offer: Need) -> Match | None:
    """How ``offer`` fits ``request``, or None when it does not."""
    if request.kind != offer.kind:
        return None
    where = place_score(request.neighbourhood_path, offer.neighbourhood_path)
    if where == 0:
        return None
    shared_days = request.weekdays & offer.weekdays
    if request.weekdays and offer.weekdays and not shared_days:
        return None
    shared = _shared_minutes(request, offer)
    if shared is not None and shared <= 0:
        return None
    return Match(offer_key=offer.key, place_score=where, shared_weekdays=len(shared_days), shared_minutes=shared)


def match_offers(request: Need, offers: Iterable[Need]) -> list[Match]:
    """Offers that fit ``request``, best first (offers are expected oldest first for ties)."""
    found = [match for offer in offers if (match := fits(request, offer)) is not None]
    found.sort(key=lambda m: (-m.place_score, -m.shared_weekdays, -(m.shared_minutes or 0)))
    return found
