"""Fixtures for arrears recovery: three tenancies of the home organisation and a helper that
charges months on their ledgers through the ledger services."""

from __future__ import annotations

import datetime

import pytest

from abitare.accounts.testing import acting
from abitare.registry.tests.factories import actor_of
from abitare.tenancies.services.ledger import charge_post
from abitare.tenancies.tests.factories import make_tenancy

START = datetime.date(2025, 1, 1)


@pytest.fixture
def membership(operator):
    return actor_of(operator)


@pytest.fixture
def tenancy(world, operator):
    return make_tenancy(operator, world=world, code="1A", starts_on=START, n=1)


@pytest.fixture
def tenancy_b(world, operator):
    return make_tenancy(operator, world=world, code="2B", starts_on=START, n=2)


@pytest.fixture
def tenancy_c(world, operator):
    return make_tenancy(operator, world=world, code="3C", starts_on=START, n=3)


def charge_months(user, tenancy, *months: tuple[int, int]) -> None:
    """Charge the given (year, month) pairs: 350.00 each (300 rent + 50 service charges), due on the 5th."""
    for year, month in months:
        charge_post(actor=acting(user), tenancy=tenancy, month=datetime.date(year, month, 1))
