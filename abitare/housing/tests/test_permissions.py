"""The housing stock's permission matrix: operators, coordinators and administrators read the stock
and price a unit; operators and coordinators change a unit's state; every other role, anonymous
visitors and a user working under another role while holding one of those are refused and change
nothing; another organisation does not find the units."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import Case, route_names, rows_of
from abitare.housing import services
from abitare.housing.models import Building, Unit

MILANO = Path(__file__).resolve().parents[1] / "data" / "milano-2023.json"
STOCK = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR})
EDIT = frozenset({Role.OPERATOR, Role.COORDINATOR})
STATE = {"to_state": "to_renovate", "reason": "Caldaia"}

TABLE = [
    Case("housing:stock", STOCK),
    Case("housing:vacancies", STOCK),
    Case("housing:unit-detail", STOCK, at="unit"),
    Case("housing:unit-state", EDIT, "post", at="unit", body=STATE, ok=302),
    Case("housing:unit-agreed-rent", STOCK, "post", at="unit", body={"elements": 2}),
    Case("housing:unit-agreed-rent", STOCK, "post", at="unit", body={}, ok=400),
    Case("api:building-list", STOCK),
    Case("api:unit-list", STOCK),
    Case("api:unit-detail", STOCK, at="unit"),
    Case("api:unit-state", EDIT, "post", at="unit", body=STATE),
    Case("api:unit-state", EDIT, "post", at="unit", body={}, ok=400, elsewhere=400),
    Case("api:unit-agreed-rent", STOCK, "post", at="unit", body={"elements": 2}),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        actor = acting(cast.members[Role.OPERATOR])
        agreement = services.agreement_load(territory=cast.world.municipality, data=json.loads(MILANO.read_text()))
        building = services.building_create(
            actor=actor,
            organisation=cast.world.organisation,
            territory=cast.world.neighbourhood,
            name="Case Alfa",
            address="Via Roma 1",
            owner_kind=Building.OwnerKind.MUNICIPALITY,
        )
        unit = services.unit_create(
            actor=actor,
            building=building,
            code="1A",
            floor=1,
            rooms=3,
            usable_m2=Decimal(60),
            max_occupants=4,
            monthly_rent=Decimal(300),
            service_charges=Decimal(50),
            state=Unit.State.AVAILABLE,
            agreed_rent_zone=agreement.zones.get(code="3"),
        )
        return {"unit": unit}


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.housing.urls", "housing") | route_names("abitare.housing.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_stock_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("housing"))
