import json
from decimal import Decimal
from pathlib import Path

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.housing import services
from abitare.housing.models import Agreement, Building, Unit, UnitStateChange

MILANO = Path(__file__).resolve().parents[1] / "data" / "milano-2023.json"


def test_a_unit_moves_along_its_allowed_states_with_history(unit, operator):
    for state in (Unit.State.OFFERED, Unit.State.OCCUPIED, Unit.State.VACATING, Unit.State.AVAILABLE):
        unit = services.unit_change_state(actor=acting(operator), unit=unit, to_state=state, reason="test")
    assert unit.state == Unit.State.AVAILABLE
    assert [c.to_state for c in UnitStateChange.objects.filter(unit=unit).order_by("id")] == [
        "offered",
        "occupied",
        "vacating",
        "available",
    ]
    assert UnitStateChange.objects.filter(unit=unit, changed_by=operator).count() == 4


def test_an_illegal_transition_is_refused_with_the_reason_and_nothing_changes(unit, operator):
    with pytest.raises(Conflict) as refused:
        services.unit_change_state(actor=acting(operator), unit=unit, to_state=Unit.State.OCCUPIED)
    assert "Disponibile" in str(refused.value.message) or "Available" in str(refused.value.message)
    unit.refresh_from_db()
    assert unit.state == Unit.State.AVAILABLE
    assert not UnitStateChange.objects.exists()


def test_a_private_agreement_building_needs_its_owner(world, operator):
    with pytest.raises(DomainError) as refused:
        services.building_create(
            actor=acting(operator),
            organisation=world.organisation,
            territory=world.neighbourhood,
            name="Privato",
            address="Via X",
            owner_kind=Building.OwnerKind.PRIVATE_AGREEMENT,
        )
    assert refused.value.field == "owner"
    assert not Building.objects.exists()


def test_a_negative_rent_is_refused(building, operator):
    with pytest.raises(ValidationFailed) as refused:
        services.unit_create(
            actor=acting(operator),
            building=building,
            code="X",
            floor=0,
            rooms=1,
            usable_m2=Decimal(30),
            max_occupants=1,
            monthly_rent=Decimal(-1),
        )
    assert "monthly_rent" in refused.value.field_errors()
    assert not Unit.objects.filter(code="X").exists()


def test_the_shipped_milan_agreement_prices_a_zone_3_flat(world, unit):
    agreement = services.agreement_load(territory=world.municipality, data=json.loads(MILANO.read_text()))
    assert agreement.confidence == Agreement.Confidence.SECONDARY
    unit.usable_m2 = Decimal(60)
    unit.agreed_rent_zone = agreement.zones.get(code="3")
    unit.save()
    result = services.agreed_rent_for_unit(unit=unit, elements=0)
    assert (result.monthly_min, result.monthly_max) == (Decimal("300.00"), Decimal("850.00"))
    with_garage = services.agreed_rent_for_unit(unit=unit, elements=0, extras={"garage": Decimal(14)})
    assert with_garage.conventional_m2 == Decimal("67.00")


def test_an_agreement_with_overlapping_bands_is_refused_whole(world):
    data = json.loads(MILANO.read_text())
    data["zones"][0]["bands"].append({"name": "extra", "min_elements": 2, "max": "400", "min": "300"})
    with pytest.raises(DomainError):
        services.agreement_load(territory=world.municipality, data=data)
    assert not Agreement.objects.exists()


def test_a_unit_outside_any_agreement_cannot_be_priced(unit):
    with pytest.raises(DomainError) as refused:
        services.agreed_rent_for_unit(unit=unit, elements=0)
    assert refused.value.field == "agreed_rent_zone"
