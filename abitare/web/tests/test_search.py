"""The header's search: persons, households, tenancies, units and labs within the user's scope;
another organisation's records are never found; persons found are written to the access log."""

from __future__ import annotations

from django.urls import reverse

from abitare.core.models import AccessLogEntry
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for


def test_a_surname_finds_the_person_the_household_and_the_tenancy(operator, world):
    tenancy = make_tenancy(operator, world=world, code="7B")
    person = make_person(operator, last_name="Scarlatti", first_name="Ezio")
    make_household(operator, person, name="Famiglia Scarlatti")
    client = client_for(operator)
    page = client.get(reverse("web:search"), {"q": "scarl"}).content.decode()
    assert reverse("registry:person-detail", args=[person.pk]) in page
    assert "Famiglia Scarlatti" in page
    assert AccessLogEntry.objects.filter(purpose="search", record_id=str(person.pk)).exists()
    by_code = client.get(reverse("web:search"), {"q": tenancy.reference.lower()}, HTTP_HX_REQUEST="true")
    assert reverse("tenancies:tenancy-detail", args=[tenancy.pk]) in by_code.content.decode()
    assert "<html" not in by_code.content.decode()


def test_another_organisation_finds_nothing_and_one_letter_searches_nothing(operator, other_org_operator, world):
    make_person(operator, last_name="Scarlatti", first_name="Ezio")
    other = client_for(other_org_operator).get(reverse("web:search"), {"q": "Scarlatti"}).content.decode()
    assert "Scarlatti Ezio" not in other
    assert "Nessun risultato" in other
    one_letter = client_for(operator).get(reverse("web:search"), {"q": "S"}).content.decode()
    assert "Scarlatti Ezio" not in one_letter


def test_the_search_is_for_staff_only(client, db):
    response = client.get(reverse("web:search"), {"q": "Scarlatti"})
    assert response.status_code == 302
