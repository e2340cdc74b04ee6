"""Helpers for the assessment tests: the shipped default instrument, scores and households."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from abitare.assessments.models import Domain, Instrument
from abitare.assessments.services import assessment_record, instrument_install_default
from abitare.registry.tests.factories import actor_of, make_household


@pytest.fixture
def instrument(db: None) -> Instrument:
    """The default instrument installed by the data migration (again after a live-server test's flush)."""

    return instrument_install_default()


def codes(instrument: Instrument, axis: str | None = None) -> list[str]:
    domains = Domain.objects.filter(instrument=instrument).order_by("axis", "order")
    return [domain.code for domain in domains if axis is None or domain.axis == axis]


def scores(instrument: Instrument, resources: int, potential: int) -> dict[str, Any]:
    """Every resources domain at one level, every potential domain at another."""
    return {
        **dict.fromkeys(codes(instrument, "resources"), resources),
        **dict.fromkeys(codes(instrument, "potential"), potential),
    }


@pytest.fixture
def household(operator: Any) -> Any:
    return make_household(operator, name="Famiglia Verdi")


def record(user: Any, household: Any, instrument: Instrument, resources: int, potential: int, **extra: Any) -> Any:

    values: dict[str, Any] = {"assessed_on": datetime.date(2026, 1, 10)}
    values.update(extra)
    return assessment_record(
        actor=actor_of(user), household=household, scores=scores(instrument, resources, potential), **values
    )
