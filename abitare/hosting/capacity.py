"""Beds over time: the pure core of the capacity rule (no ORM).

A stay occupies the nights from its start to the night before its end (the guests leave on the
end date). The rule: on every night, the guests of a host's stays sum to at most its capacity.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Stay:
    guests: int
    start: datetime.date
    end: datetime.date  # the day the guests leave (not a night of the stay)


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first night
    end: datetime.date  # last night, included


def peak_guests(stays: Iterable[Stay], start: datetime.date, end: datetime.date) -> int:
    """The most guests present on any night from ``start`` to the night before ``end``."""
    events: dict[datetime.date, int] = {}
    for stay in stays:
        first, leave = max(stay.start, start), min(stay.end, end)
        if first >= leave:
            continue
        events[first] = events.get(first, 0) + stay.guests
        events[leave] = events.get(leave, 0) - stay.guests
    peak = present = 0
    for day in sorted(events):
        present += events[day]
        peak = max(peak, present)
    return peak


def free_beds(capacity: int, stays: Iterable[Stay], start: datetime.date, end: datetime.date) -> int:
    """Beds free on every night of the window (never below zero)."""
    return max(0, capacity - peak_guests(stays, start, end))


def merged(periods: Iterable[Period]) -> list[Period]:
    """Periods that touch or overlap joined: 1-9 and 10-20 are one stretch of nights 1-20."""
    out: list[Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        if out and period.start <= out[-1].end + datetime.timedelta(days=1):
            out[-1] = Period(out[-1].start, max(out[-1].end, period.end))
        else:
            out.append(period)
    return out


def within_availability(periods: Iterable[Period], start: datetime.date, end: datetime.date) -> bool:
    """Every night of the stay (``start`` to the night before ``end``) is a night the host offered."""
    last_night = end - datetime.timedelta(days=1)
    return any(period.start <= start and last_night <= period.end for period in merged(periods))
