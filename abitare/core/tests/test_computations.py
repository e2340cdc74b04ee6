"""The registry of computations: lookup, breakdown checks, idempotent registration."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.core import computations
from abitare.core.computations import (
    Breakdown,
    Computation,
    Query,
    Unit,
    computation_get,
    computation_list,
    register_computation,
    total,
)
from abitare.core.exceptions import DomainError

DAY = datetime.date(2026, 1, 1)


def _constant(query: Query) -> dict[str, Decimal]:
    return total(7)


SAMPLE = Computation(key="test.constant", label="Constant", unit=Unit.COUNT, version=1, compute=_constant)


@pytest.fixture(autouse=True)
def _leave_the_registry_as_found():
    yield
    computations._registry.pop("test.constant", None)


def test_a_registered_computation_is_found_by_key_and_runs():
    register_computation(SAMPLE)

    assert computation_get("test.constant").run(Query("/1/", DAY, DAY)) == {"": Decimal(7)}
    assert SAMPLE in computation_list()


def test_registering_the_same_computation_twice_is_harmless_but_another_under_its_key_is_refused():
    register_computation(SAMPLE)
    register_computation(SAMPLE)

    with pytest.raises(ValueError, match="already registered"):
        register_computation(
            Computation(key="test.constant", label="Other", unit=Unit.EURO, version=2, compute=_constant)
        )


def test_an_unknown_key_and_an_unsupported_breakdown_are_refused_in_words():
    register_computation(SAMPLE)

    with pytest.raises(DomainError) as unknown:
        computation_get("test.nothing")
    with pytest.raises(DomainError) as unsupported:
        SAMPLE.run(Query("/1/", DAY, DAY, breakdown=Breakdown.SEX))

    assert unknown.value.code == "computation_unknown"
    assert unsupported.value.code == "breakdown_unsupported"


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(DomainError) as error:
        Query("/1/", DAY, DAY - datetime.timedelta(days=1))

    assert error.value.code == "period_reversed"
