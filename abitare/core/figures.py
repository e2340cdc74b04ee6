"""The figures of the role dashboards: what one figure is, and the two counting helpers every
module's selectors use (one aggregate for the figure with its trend, one ``GROUP BY`` for the
comparison across territories).

The trend of a figure is its 30-day inflow: how many records entered it in the last 30 days
against the 30 days before (``recent`` and ``earlier``). Most records keep no date for when they
left a state, so "the same figure 30 days ago" cannot be rebuilt exactly; the inflow can.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from abitare.core.rules import ancestor_paths, has_field

#: The window of a trend, in days: the last window against the one before it.
TREND_DAYS = 30

Number = int | Decimal


@dataclass(frozen=True)
class Part:
    """One bar of a figure's breakdown (a quadrant, a verdict, an ageing bucket), with its list."""

    label: str | Promise
    value: Number
    url: str = ""


@dataclass(frozen=True)
class Trend:
    """Records that entered the figure in the last :data:`TREND_DAYS` days and in the window before."""

    recent: int
    earlier: int

    @property
    def change(self) -> int:
        return self.recent - self.earlier

    @property
    def direction(self) -> str:
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"


@dataclass(frozen=True)
class Figure:
    """One number of a dashboard, the list behind it, and what it is made of.

    ``unit`` is ``""`` for a count, or ``euro``, ``days``, ``hours``; ``territories`` compares the
    figure across the territories under a coordinator's (name, value), largest first.
    """

    key: str
    label: str | Promise
    value: Number
    url: str
    order: int = 100
    unit: str = ""
    detail: str | Promise = ""
    trend: Trend | None = None
    parts: tuple[Part, ...] = ()
    territories: tuple[tuple[str, Number], ...] = ()
    severity: str = "info"  # info, warning, danger: danger when the figure asks for action now


@dataclass(frozen=True)
class Counted:
    value: int
    trend: Trend


def windows(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first days excluded from the last window and from the window before it."""
    start = today - datetime.timedelta(days=TREND_DAYS)
    return start, start - datetime.timedelta(days=TREND_DAYS)


def _windowed(entered: str, today: datetime.date) -> dict[str, Count]:
    start, before = windows(today)
    return {
        "recent": Count("pk", filter=Q(**{f"{entered}__gt": start, f"{entered}__lte": today}), distinct=True),
        "earlier": Count("pk", filter=Q(**{f"{entered}__gt": before, f"{entered}__lte": start}), distinct=True),
    }


def count_with_trend(queryset: QuerySet[Any], *, state: Q, entered: str, today: datetime.date) -> Counted:
    """In one query: the rows in ``state`` now, and the rows whose ``entered`` date (a date
    lookup such as ``created_at__date``) falls in the last window and in the one before."""
    row = queryset.order_by().aggregate(value=Count("pk", filter=state, distinct=True), **_windowed(entered, today))
    return Counted(row["value"], Trend(row["recent"], row["earlier"]))


def trend_of(queryset: QuerySet[Any], *, entered: str, today: datetime.date) -> Trend:
    """The rows whose ``entered`` date falls in the last window and in the one before (one query)."""
    row = queryset.order_by().aggregate(**_windowed(entered, today))
    return Trend(row["recent"], row["earlier"])


def count_by_territory(
    queryset: QuerySet[Any], *, state: Q, field: str = "territory__name"
) -> tuple[tuple[str, int], ...]:
    """The rows in ``state`` per territory of the record, largest first (one ``GROUP BY``)."""
    rows = queryset.filter(state).order_by().values_list(field).annotate(n=Count("pk", distinct=True))
    return tuple(sorted(((str(name), n) for name, n in rows if n), key=lambda pair: (-pair[1], pair[0])))


def compares_territories(actor: Any) -> bool:
    """Coordinators compare their territories; other roles see their own figures only."""
    return actor is not None and actor.role == "coordinator"


def territories_uncovered(
    territories: Iterable[tuple[str, str]], rules_in_force: QuerySet[Any], *, today: datetime.date
) -> list[str]:
    """Names of the territories (``(name, path)``) where no row of ``rules_in_force`` applies on
    ``today``: none on the territory nor on any territory above it, and no installation default
    (a row without territory, where the model allows one)."""
    valid = Q(valid_from__lte=today)
    if has_field(rules_in_force.model, "valid_to"):
        valid &= Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    paths = set(rules_in_force.filter(valid).order_by().values_list("territory__path", flat=True).distinct())
    if None in paths:
        return []
    return sorted(name for name, path in territories if not paths.intersection(ancestor_paths(path)))
