"""Administrators set up their territory: territories with ISTAT codes from the official list,
organisations and housing desks, within their territory subtree only; bad input is refused with its
reason and nothing changes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from abitare.accounts import istat
from abitare.accounts.models import HousingDesk, Organisation, Role, Territory
from abitare.accounts.services import UNKNOWN_ISTAT_CODE, places
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.core.exceptions import DomainError, NotAllowed
from abitare.core.testing import client_for


def test_the_official_list_finds_a_municipality_by_name_without_accents():
    assert istat.municipality_get("046017").name == "Lucca"
    assert istat.municipality_search("forli", limit=3)[0].name.startswith("Forl")
    assert istat.municipality_search("046017")[0].name == "Lucca"
    assert len(istat.municipalities()) > 7800


def test_a_municipality_is_added_by_its_istat_code(world, administrator):
    town = places.territory_add(
        actor=acting(administrator),
        name="Lucca",
        kind=Territory.Kind.MUNICIPALITY,
        parent=world.district,
        istat_code="046017",
    )
    assert town.path.startswith(world.district.path)


def test_an_istat_code_that_does_not_exist_is_refused(world, administrator):
    before = Territory.objects.count()
    with pytest.raises(DomainError) as refused:
        places.territory_add(
            actor=acting(administrator),
            name="Nessunluogo",
            kind=Territory.Kind.MUNICIPALITY,
            parent=world.district,
            istat_code="999999",
        )
    assert refused.value.field_errors() == {"istat_code": [str(UNKNOWN_ISTAT_CODE)]}
    assert Territory.objects.count() == before


def test_a_territory_outside_the_administrators_is_refused(world, administrator):
    before = Territory.objects.count()
    with pytest.raises(NotAllowed):
        places.territory_add(
            actor=acting(administrator), name="Quartiere Sud", kind="neighbourhood", parent=world.other_municipality
        )
    with pytest.raises(NotAllowed):
        places.territory_add(actor=acting(administrator), name="Nuovo distretto", kind="district", parent=None)
    with pytest.raises(NotAllowed):
        places.territory_update(actor=acting(administrator), territory=world.other_municipality, name="Altro")
    assert Territory.objects.count() == before
    world.other_municipality.refresh_from_db()
    assert world.other_municipality.name == "Comune Beta"


def test_the_territory_form_finds_the_municipality_by_name(world, administrator):
    client = client_for(administrator)

    options = client.get("/accounts/territories/municipalities/?istat_code=Lucca", headers={"HX-Request": "true"})
    response = client.post(
        "/accounts/territories/new/", {"kind": "municipality", "parent": world.district.pk, "istat_code": "Lucca"}
    )

    assert '<option value="046017">Lucca (LU)</option>' in options.content.decode()
    assert response.status_code == 302
    assert Territory.objects.get(istat_code="046017").name == "Lucca"


def test_the_territory_form_explains_a_wrong_code_in_italian(world, administrator):
    client = client_for(administrator)
    client.post("/i18n/setlang/", {"language": "it"})

    response = client.post(
        "/accounts/territories/new/",
        {"kind": "municipality", "parent": world.district.pk, "istat_code": "Nessunluogo"},
        headers={"Accept-Language": "it"},
    )

    assert response.status_code == 400
    assert "Scegli il comune dall" in response.content.decode()
    assert not Territory.objects.filter(name="Nessunluogo").exists()


def test_the_api_refuses_an_unknown_istat_code_with_its_field(world, administrator):
    response = client_for(administrator).post(
        "/api/v1/territories/new/",
        {"name": "X", "kind": "municipality", "parent": world.district.pk, "istat_code": "999999"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"istat_code": [str(UNKNOWN_ISTAT_CODE)]}


def test_an_organisation_works_only_in_the_administrators_territories(world, administrator):
    admin = acting(administrator)
    with pytest.raises(NotAllowed):
        places.organisation_add(
            actor=admin, name="Coop Sud", kind="cooperative", territories=[world.other_municipality]
        )
    assert not Organisation.objects.filter(name="Coop Sud").exists()
    with pytest.raises(NotAllowed):
        places.organisation_update(
            actor=admin,
            organisation=world.other_organisation,
            name="Presa",
            kind="cooperative",
            territories=[world.municipality],
        )

    coop = places.organisation_add(
        actor=admin, name="Coop Nord", kind="cooperative", territories=[world.municipality], email="coop@example.test"
    )
    assert list(coop.territories.all()) == [world.municipality]


def test_editing_an_organisation_keeps_its_territories_outside_the_administrators(world):
    admin = make_member(
        organisation=world.organisation, territory=world.municipality, role=Role.ADMINISTRATOR, username="admin-alfa"
    )

    places.organisation_update(
        actor=acting(admin),
        organisation=world.organisation,
        name="Agenzia Nord",
        kind="housing_agency",
        territories=[world.neighbourhood],
        phone="0583 000",
    )

    assert set(world.organisation.territories.all()) == {world.district, world.neighbourhood}


def test_the_housing_desk_is_on_the_public_site(world, administrator):
    places.housing_desk_save(
        actor=acting(administrator),
        territory=world.municipality,
        name="Sportello casa Alfa",
        address="Via Roma 1",
        opening_hours="Lun 9-12\nGio 15-18",
        phone="0583 123456",
        what_to_bring="Documento d'identità",
    )

    page = Client().get("/accounts/housing-desks/")
    home = Client().get("/")

    assert page.status_code == 200
    assert "Sportello casa Alfa" in page.content.decode()
    assert "Gio 15-18" in page.content.decode()
    assert "/accounts/housing-desks/" in home.content.decode()


def test_a_housing_desk_needs_a_way_to_reach_it_and_stays_in_scope(world, administrator):
    admin = acting(administrator)
    with pytest.raises(DomainError):
        places.housing_desk_save(
            actor=admin, territory=world.municipality, name="S", address="Via", opening_hours="Lun"
        )
    with pytest.raises(NotAllowed):
        places.housing_desk_save(
            actor=admin, territory=world.other_municipality, name="S", address="Via", opening_hours="L", phone="1"
        )
    assert not HousingDesk.objects.exists()


def test_the_commands_set_up_a_territory_from_nothing(db):
    call_command("territory-add", "--kind=district", "--name=Zona Piana di Lucca")
    call_command("territory-add", "--kind=municipality", "--istat=046017", "--parent=Zona Piana di Lucca")
    call_command(
        "organisation-add", "--name=Comune di Lucca", "--kind=municipality", "--territory=046017", "--phone=0583 1"
    )

    assert Territory.objects.get(istat_code="046017").parent.name == "Zona Piana di Lucca"
    assert Organisation.objects.get(name="Comune di Lucca").phone == "0583 1"
    with pytest.raises(CommandError, match="ISTAT"):
        call_command(
            "territory-add", "--kind=municipality", "--istat=999999", "--name=X", "--parent=Zona Piana di Lucca"
        )
