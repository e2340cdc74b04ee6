from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.housing import services
from abitare.housing.models import Building, Unit


@pytest.fixture
def building(world, operator):
    return services.building_create(
        actor=acting(operator),
        organisation=world.organisation,
        territory=world.neighbourhood,
        name="Case Alfa",
        address="Via Roma 1",
        owner_kind=Building.OwnerKind.MUNICIPALITY,
    )


@pytest.fixture
def unit(building, operator):
    return services.unit_create(
        actor=acting(operator),
        building=building,
        code="1A",
        floor=1,
        rooms=3,
        usable_m2=Decimal(70),
        max_occupants=4,
        monthly_rent=Decimal(300),
        service_charges=Decimal(50),
        state=Unit.State.AVAILABLE,
    )


@pytest.fixture
def other_unit(world, other_org_operator):
    building = services.building_create(
        actor=acting(other_org_operator),
        organisation=world.other_organisation,
        territory=world.other_municipality,
        name="Case Beta",
        address="Via Sud 2",
        owner_kind=Building.OwnerKind.MUNICIPALITY,
    )
    return services.unit_create(
        actor=acting(other_org_operator),
        building=building,
        code="1",
        floor=0,
        rooms=2,
        usable_m2=Decimal(50),
        max_occupants=2,
        monthly_rent=Decimal(200),
        state=Unit.State.AVAILABLE,
    )
