import datetime

import pytest

from abitare.tenancies.tests.factories import make_tenancy


@pytest.fixture
def tenancy(world, operator):
    return make_tenancy(operator, world=world, starts_on=datetime.date(2025, 1, 1))


@pytest.fixture
def service_tenancy(world, operator):
    return make_tenancy(
        operator,
        world=world,
        code="2B",
        contract_type="service",
        savings_deposit="50.00",
        n=2,
        starts_on=datetime.date(2025, 1, 1),
    )
