"""The housing stock's permission matrix: operators, coordinators and administrators read the stock
and price a unit; operators and coordinators change a unit's state; administrators keep the stock
(buildings, units, owners and their agreements, common spaces, the import); every other role, anonymous
visitors and a user working under another role while holding one of those are refused and change
nothing; another organisation does not find the units."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import INCOMPLETE, Case, route_names, rows_of
from abitare.housing import services
from abitare.housing.models import Building, CommonSpace, OwnerAgreement, Unit

MILANO = Path(__file__).resolve().parents[1] / "data" / "milano-2023.json"
STOCK = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR})
EDIT = frozenset({Role.OPERATOR, Role.COORDINATOR})
STATE = {"to_state": "to_renovate", "reason": "Caldaia"}
MANAGE = frozenset({Role.ADMINISTRATOR})
RETIRE = {"reason": "Venduto"}
UNIT = {
    "code": "9Z",
    "floor": 2,
    "rooms": 3,
    "bedrooms": 2,
    "usable_m2": "61.5",
    "max_occupants": 4,
    "monthly_rent": "320.00",
    "service_charges": "40.00",
    "state": "available",
}
SPACE = {"name": "Sala comune", "kind": "common_room", "act_kind": "pact", "act_reference": "Patto 12/2025"}
AGREEMENT = {"reference": "CONV-7", "signed_on": "2026-01-10", "valid_from": "2026-02-01"}


def building_body(scene):
    return {
        "name": "Case Gamma",
        "address": "Via Verdi 3",
        "territory": scene["territory"].pk,
        "owner_kind": "municipality",
    }


def owner_body(scene):
    return {"kind": "person", "name": "Anna Neri", "territory": scene["territory"].pk}


def unit_body(scene):
    return {**UNIT, "building": scene["building"].pk}


def page(name, at=None, body=None, **post):
    """A form page: shown to the administrator; an empty form is refused (400); a good one redirects."""
    cases = [Case(name, MANAGE, at=at), Case(name, MANAGE, "post", at=at, body=INCOMPLETE, ok=400)]
    if body is not None:
        cases.append(Case(name, MANAGE, "post", at=at, body=body, ok=302, **post))
    return cases


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
    # The stock kept from the product: the administrator's.
    Case("housing:building-list", STOCK),
    Case("housing:building-detail", STOCK, at="building"),
    *page("housing:building-create", body=building_body, elsewhere=400),
    *page("housing:building-edit", at="building", body=building_body),
    Case("housing:building-retire", MANAGE, "post", at="building", body=RETIRE, ok=302),
    *page("housing:unit-create", at="building", body=UNIT),
    *page("housing:unit-edit", at="unit", body=UNIT),
    Case("housing:unit-retire", MANAGE, "post", at="unit", body=RETIRE, ok=302),
    *page("housing:common-space-create", at="building", body=SPACE),
    *page("housing:common-space-edit", at="space", body=SPACE),
    Case("housing:owner-list", MANAGE),
    *page("housing:owner-create", body=owner_body, elsewhere=400),
    *page("housing:owner-edit", at="owner", body=owner_body),
    *page("housing:owner-agreement-create", at="owner", body=AGREEMENT),
    *page("housing:owner-agreement-edit", at="agreement", body=AGREEMENT),
    Case("housing:stock-import", MANAGE),
    Case("housing:stock-import", MANAGE, "post", body=INCOMPLETE, ok=400),
    Case("housing:stock-import-template", MANAGE, at="csv", elsewhere=200),
    Case("housing:stock-import-template", MANAGE, at="xlsx", elsewhere=200),
    Case("api:building-list", MANAGE, "post", body=building_body, ok=201, elsewhere=400),
    Case("api:building-list", MANAGE, "post", body={}, ok=400, elsewhere=400),
    Case("api:building-detail", STOCK, at="building"),
    Case("api:building-detail", MANAGE, "patch", at="building", body={"energy_class": "B", "lift": True}),
    Case("api:building-retire", MANAGE, "post", at="building", body=RETIRE),
    Case("api:common-space-create", MANAGE, "post", at="building", body=SPACE, ok=201),
    Case("api:common-space-detail", MANAGE, "patch", at="space", body={"act_kind": "regulation"}),
    Case("api:unit-list", MANAGE, "post", body=unit_body, ok=201, elsewhere=404),
    Case("api:unit-list", MANAGE, "post", body={}, ok=400, elsewhere=400),
    Case("api:unit-detail", MANAGE, "patch", at="unit", body={"bedrooms": 2}),
    Case("api:unit-detail", MANAGE, "patch", at="unit", body={"bedrooms": 9}, ok=400),
    Case("api:unit-retire", MANAGE, "post", at="unit", body=RETIRE),
    Case("api:owner-list", MANAGE),
    Case("api:owner-list", MANAGE, "post", body=owner_body, ok=201, elsewhere=400),
    Case("api:owner-detail", MANAGE, at="owner"),
    Case("api:owner-detail", MANAGE, "patch", at="owner", body={"phone": "+39 0583 111111"}),
    Case("api:owner-agreement-create", MANAGE, "post", at="owner", body=AGREEMENT, ok=201),
    Case("api:owner-agreement-detail", MANAGE, "patch", at="agreement", body={"rent_guarantee": True}),
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
        owner = services.owner_create(
            actor=actor,
            organisation=cast.world.organisation,
            territory=cast.world.municipality,
            name="Mario Bianchi",
        )
        return {
            "unit": unit,
            "building": building,
            "territory": cast.world.neighbourhood,
            "owner": owner,
            "agreement": OwnerAgreement.objects.create(
                owner=owner, reference="CONV-1", signed_on="2025-01-10", valid_from="2025-02-01"
            ),
            "space": CommonSpace.objects.create(building=building, name="Orto", kind="garden"),
            "csv": "csv",
            "xlsx": "xlsx",
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.housing.urls", "housing") | route_names("abitare.housing.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_stock_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("housing"))
