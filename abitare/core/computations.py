"""Figures each module computes from its own data, for dashboards, indicators and profiles.

A module registers its computations in ``AppConfig.ready()`` (explicit registration, no
signals), the way it registers navigation entries. Readers (the impact module's indicators, the
research module's neighbourhood profiles, the dashboards) ask the registry by key, so that
``core`` and the readers import no domain app.

A computation answers one :class:`Query` (a territory subtree, a period, optionally one
organisation and one breakdown) with a mapping from breakdown value to a number: ``{"": 42}``
without a breakdown, ``{"F": 20, "M": 22}`` by sex. Each computation carries a ``version``,
bumped whenever its query changes, so a stored value says which query produced it and a report
can be reproduced. Computations count records, never return them: they carry no personal data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.core.exceptions import DomainError

TOTAL = ""
UNKNOWN = "?"  # a breakdown value the record does not give (e.g. sex not recorded)


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PEOPLE = "people", _("people")
    HOUSEHOLDS = "households", _("households")
    EURO = "euro", _("euro")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    NIGHTS = "nights", _("nights")
    PERCENT = "percent", _("per cent")


class Breakdown(models.TextChoices):
    SEX = "sex", _("sex")
    AGE_BAND = "age_band", _("age band")
    TERRITORY = "territory", _("territory")


@dataclass(frozen=True)
class Query:
    """What to count: a territory and everything below it, over a period (both days included)."""

    territory_path: str
    start: datetime.date
    end: datetime.date
    organisation_id: int | None = None
    breakdown: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(_("The period ends before it starts."), field="end", code="period_reversed")
        if self.breakdown is not None and self.breakdown not in Breakdown.values:
            raise DomainError(_("Unknown breakdown."), field="breakdown", code="breakdown_unknown")


Result = Mapping[str, Decimal]
Compute = Callable[[Query], Result]


@dataclass(frozen=True)
class Computation:
    key: str
    label: str | Promise
    unit: str
    version: int
    compute: Compute = field(compare=False)
    description: str | Promise = ""
    breakdowns: frozenset[str] = frozenset()

    def run(self, query: Query) -> dict[str, Decimal]:
        """The figures for ``query``, refused when the computation has no such breakdown."""
        if query.breakdown is not None and query.breakdown not in self.breakdowns:
            raise DomainError(
                _("%(label)s cannot be broken down by %(breakdown)s.")
                % {"label": self.label, "breakdown": Breakdown(query.breakdown).label},
                field="breakdown",
                code="breakdown_unsupported",
            )
        return {str(key): Decimal(value) for key, value in self.compute(query).items()}


_registry: dict[str, Computation] = {}


def register_computation(computation: Computation) -> None:
    """Add a module's computation; registering the same key twice keeps the first (idempotent
    ``ready()``), registering a different computation under a taken key is a programming error."""
    existing = _registry.get(computation.key)
    if existing is not None and existing != computation:
        raise ValueError(f"computation {computation.key!r} is already registered with other settings")
    _registry.setdefault(computation.key, computation)


def computation_get(key: str) -> Computation:
    try:
        return _registry[key]
    except KeyError:
        raise DomainError(
            _("There is no computation named %(key)s.") % {"key": key}, field="computation", code="computation_unknown"
        ) from None


def computation_list() -> list[Computation]:
    return sorted(_registry.values(), key=lambda item: item.key)


def total(value: int | Decimal | None) -> dict[str, Decimal]:
    """A result without breakdown."""
    return {TOTAL: Decimal(value or 0)}


def count_by(queryset: QuerySet[Any], field: str) -> dict[str, Decimal]:
    """Rows counted per value of ``field`` (one query); an empty value counts as :data:`UNKNOWN`."""
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk"))
    return {(str(key) if key not in (None, "") else UNKNOWN): Decimal(n) for key, n in rows}
