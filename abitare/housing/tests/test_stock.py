"""The stock kept from the product (issue 14 point 3): register, edit and retire buildings and
units, owners with their agreements, common spaces; the refusals say why in Italian and English
and change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError
from abitare.housing import services
from abitare.housing.models import Agreement, AgreementZone, Building, CommonSpace, Owner, Unit, UnitStateChange
from abitare.matching import services as matching
from abitare.matching.tests.offers_support import approved, build_case, reply_by, run_round
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for

UNIT = {
    "code": "2B",
    "floor": 2,
    "rooms": 3,
    "bedrooms": 2,
    "usable_m2": Decimal("64.0"),
    "max_occupants": 4,
    "monthly_rent": Decimal("320.00"),
}


@pytest.fixture
def admin(administrator):
    return acting(administrator)


def _building(admin, world, **fields):
    values = {"name": "Case Gamma", "address": "Via Verdi 3", "owner_kind": Building.OwnerKind.MUNICIPALITY}
    return services.building_register(actor=admin, territory=world.neighbourhood, **(values | fields))


def test_a_building_is_registered_with_its_cadastral_data_and_the_author_in_its_history(admin, world, administrator):
    building = _building(
        admin, world, code="ED1", cadastral_sheet="12", cadastral_parcel="345", energy_class="C", lift=True
    )

    assert (building.organisation, building.territory, building.energy_class) == (
        world.organisation,
        world.neighbourhood,
        "C",
    )
    assert building.history.get().history_user == administrator


def test_a_unit_with_fewer_rooms_than_bedrooms_is_refused_in_italian_and_english(admin, world):
    building = _building(admin, world)
    for language, words in (("it", "meno vani"), ("en", "fewer rooms")):
        with translation.override(language), pytest.raises(DomainError) as refused:
            services.unit_register(actor=admin, building=building, **(UNIT | {"rooms": 2, "bedrooms": 3}))
        assert refused.value.field == "bedrooms"
        assert words in str(refused.value.message)
    assert not Unit.objects.exists()


def test_a_building_outside_the_administrators_territory_is_refused(world, administrator):
    # The administrator works in the northern district: a municipality of the southern one is not theirs.
    admin = acting(administrator)
    with pytest.raises(DomainError) as refused:
        services.building_register(
            actor=admin,
            territory=world.other_municipality,
            name="Case Fuori",
            address="Via Sud 9",
            owner_kind=Building.OwnerKind.MUNICIPALITY,
        )
    assert refused.value.field == "territory"
    assert not Building.objects.exists()


def test_an_owner_of_another_organisation_cannot_be_named(admin, world, other_org_operator):
    stranger = services.owner_create(
        actor=acting(other_org_operator),
        organisation=world.other_organisation,
        territory=world.other_municipality,
        name="Altro",
    )
    with pytest.raises(DomainError) as refused:
        _building(admin, world, owner_kind=Building.OwnerKind.PRIVATE_AGREEMENT, owner=stranger)
    assert refused.value.field == "owner"


def test_an_owner_with_an_agreement_and_a_common_space_with_its_act(admin, world):
    owner = services.owner_register(actor=admin, territory=world.municipality, name="Anna Neri", tax_code="X")
    agreement = services.owner_agreement_record(
        actor=admin,
        owner=owner,
        reference="CONV-1",
        signed_on=datetime.date(2026, 1, 5),
        valid_from=datetime.date(2026, 2, 1),
        rent_guarantee=True,
    )
    with pytest.raises(DomainError):
        services.owner_agreement_update(actor=admin, agreement=agreement, valid_to=datetime.date(2025, 1, 1))
    building = _building(admin, world, owner_kind=Building.OwnerKind.PRIVATE_AGREEMENT, owner=owner)
    space = services.common_space_add(
        actor=admin, building=building, name="Orto", kind="garden", act_kind="pact", act_reference="Patto 3/2026"
    )

    assert list(Owner.objects.get().agreements.values_list("reference", flat=True)) == ["CONV-1"]
    assert CommonSpace.objects.get().get_act_kind_display() == space.get_act_kind_display()


def test_editing_a_unit_keeps_its_state_and_checks_bedrooms(admin, world):
    unit = services.unit_register(actor=admin, building=_building(admin, world), **UNIT)
    services.unit_update(actor=admin, unit=unit, monthly_rent=Decimal("330.00"), state="offered")
    unit.refresh_from_db()
    assert (unit.monthly_rent, unit.state) == (Decimal("330.00"), Unit.State.TO_RENOVATE)
    with pytest.raises(DomainError):
        services.unit_update(actor=admin, unit=unit, bedrooms=5)
    unit.refresh_from_db()
    assert unit.bedrooms == 2


def test_retiring_a_unit_records_the_change_and_hides_it_from_the_stock(admin, world, administrator):
    unit = services.unit_register(actor=admin, building=_building(admin, world), **UNIT)
    services.unit_retire(actor=admin, unit=unit, reason="Venduto")

    change = UnitStateChange.objects.get(unit=unit)
    assert (change.to_state, change.reason, change.changed_by) == ("retired", "Venduto", administrator)
    response = client_for(administrator).get("/alloggi/")
    assert "2B" not in response.content.decode()
    with pytest.raises(Conflict):
        services.unit_retire(actor=admin, unit=unit, reason="Ancora")


def test_retiring_a_unit_with_an_active_tenancy_is_refused(admin, world, operator):
    tenancy = make_tenancy(operator, world=world)
    with pytest.raises(Conflict) as refused:
        services.unit_retire(actor=admin, unit=tenancy.unit, reason="Venduto")
    assert tenancy.reference in str(refused.value.message)
    assert Unit.objects.get(pk=tenancy.unit_id).state == Unit.State.OCCUPIED
    # The whole building stays too: all or nothing.
    with pytest.raises(Conflict):
        services.building_retire(actor=admin, building=tenancy.unit.building, reason="Venduto")
    assert Building.objects.get(pk=tenancy.unit.building_id).retired_on is None


def test_retiring_a_unit_with_an_open_offer_is_refused(admin, world, operator):
    case = build_case(operator, world)
    done = run_round(operator)
    proposal = approved(operator, done, case.applications["first"])
    offer = matching.offer_send(actor=acting(operator), proposal=proposal, reply_by=reply_by())
    with translation.override("en"), pytest.raises(Conflict) as refused:
        services.unit_retire(actor=admin, unit=offer.unit, reason="Venduto")
    assert "open offer" in str(refused.value.message)
    assert Unit.objects.get(pk=offer.unit_id).state == Unit.State.OFFERED


def test_retiring_a_building_retires_its_units(admin, world):
    building = _building(admin, world)
    services.unit_register(actor=admin, building=building, **UNIT)
    services.unit_register(actor=admin, building=building, **(UNIT | {"code": "3C"}))
    services.building_retire(actor=admin, building=building, reason="Demolito")

    assert set(Unit.objects.values_list("state", flat=True)) == {"retired"}
    with pytest.raises(Conflict):
        services.building_update(actor=admin, building=Building.objects.get(), name="Nuovo")


def test_the_api_refuses_bad_stock_with_field_errors_and_changes_nothing(world, administrator):
    client = client_for(administrator)
    building = {"name": "Case", "address": "Via 1", "owner_kind": "municipality"}
    outside = client.post(
        "/api/v1/buildings/", building | {"territory": world.other_municipality.pk}, content_type="application/json"
    )
    assert outside.status_code == 400
    assert "territory" in outside.json()["error"]["fields"]
    created = client.post(
        "/api/v1/buildings/", building | {"territory": world.neighbourhood.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    unit = {k: str(v) for k, v in UNIT.items()} | {"building": created.json()["id"], "rooms": "1", "bedrooms": "2"}
    refused = client.post("/api/v1/units/", unit, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["bedrooms"]
    assert Building.objects.count() == 1
    assert not Unit.objects.exists()


def test_a_zone_of_another_territorys_agreement_is_refused(admin, world):
    agreement = Agreement.objects.create(
        territory=world.other_district,
        name="Accordo Sud",
        valid_from=datetime.date(2024, 1, 1),
        rate_unit="year",
        source="-",
        confidence="V",
    )
    zone = AgreementZone.objects.create(agreement=agreement, code="1", name="Centro")
    with pytest.raises(DomainError) as refused:
        services.unit_register(actor=admin, building=_building(admin, world), **(UNIT | {"agreed_rent_zone": zone}))
    assert refused.value.field == "agreed_rent_zone"
    assert not Unit.objects.exists()
