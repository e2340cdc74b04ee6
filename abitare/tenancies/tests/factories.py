"""Test helpers for tenancies: a unit and a household of the home organisation, a tenancy."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from abitare.accounts.testing import acting
from abitare.housing import services as housing
from abitare.housing.models import Building, Unit
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.models import Tenancy
from abitare.tenancies.services.tenancy import tenancy_create


def make_unit(user: Any, *, territory: Any, organisation: Any, code: str = "1A", rent: str = "300.00") -> Unit:
    building = Building.objects.filter(organisation=organisation, name="Case Tenancy").first()
    if building is None:
        building = housing.building_create(
            actor=acting(user),
            organisation=organisation,
            territory=territory,
            name="Case Tenancy",
            address="Via Roma 1",
            owner_kind=Building.OwnerKind.MUNICIPALITY,
        )
    return housing.unit_create(
        actor=acting(user),
        building=building,
        code=code,
        floor=1,
        rooms=3,
        usable_m2=Decimal(70),
        max_occupants=4,
        monthly_rent=Decimal(rent),
        service_charges=Decimal("50.00"),
        state=Unit.State.AVAILABLE,
    )


def make_tenancy(
    user: Any,
    *,
    world: Any,
    code: str = "1A",
    contract_type: str = "agreed_rent",
    starts_on: datetime.date = datetime.date(2025, 1, 1),
    savings_deposit: str = "0",
    n: int = 0,
    **overrides: Any,
) -> Tenancy:
    unit = make_unit(user, territory=world.neighbourhood, organisation=world.organisation, code=code)
    household = make_household(user, make_person(user, n=n), name=f"Famiglia {code}")
    values: dict[str, Any] = {
        "actor": acting(user),
        "organisation": world.organisation,
        "territory": world.neighbourhood,
        "unit": unit,
        "household": household,
        "contract_type": contract_type,
        "pathway": "service_contract" if contract_type == "service" else "agreed_rent",
        "starts_on": starts_on,
        "savings_deposit": Decimal(savings_deposit),
    }
    values.update(overrides)
    return tenancy_create(**values)
