"""Form lookups: a field that takes a Codice Fiscale, a number or a tenancy's reference suggests
records of the user's scope as they type, and still takes the code typed in full."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from abitare.core.forms import LookupInput
from abitare.registry.forms import MemberAddForm
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for


@pytest.fixture
def records(world, operator, other_org_operator):
    anna = make_person(operator, n=1)
    household = make_household(operator, anna, name="Famiglia Bianchi")
    tenancy = make_tenancy(operator, world=world, code="7C", n=7, starts_on=datetime.date(2025, 1, 1))
    make_person(other_org_operator, n=2, first_name="Anna", last_name="Bianchini")
    return anna, household, tenancy


def _options(response):
    assert response.status_code == 200
    return response.content.decode()


def test_persons_are_suggested_by_name(records, operator):
    anna, _household, _tenancy = records
    body = _options(client_for(operator).get(reverse("web:lookup", args=["person"]), {"person": "bianchi1"}))
    # The Codice Fiscale when the person has one, else the number.
    assert f'<option value="{anna.codice_fiscale or anna.pk}">' in body
    assert "Bianchini" not in body  # another organisation's person


def test_a_number_field_gets_the_record_number(records, operator):
    anna, household, _tenancy = records
    persons = _options(
        client_for(operator).get(reverse("web:lookup", args=["person"]), {"number": "1", "person": "bianchi1"})
    )
    assert f'<option value="{anna.pk}">' in persons
    households = _options(client_for(operator).get(reverse("web:lookup", args=["household"]), {"household": "bianchi"}))
    assert f'<option value="{household.pk}">' in households


def test_tenancies_are_suggested_by_reference(records, operator):
    _anna, _household, tenancy = records
    body = _options(
        client_for(operator).get(reverse("web:lookup", args=["tenancy"]), {"tenancy": tenancy.reference[:4]})
    )
    assert f'<option value="{tenancy.reference}">' in body


def test_a_role_without_the_registry_gets_no_person(records, facilitator):
    body = _options(client_for(facilitator).get(reverse("web:lookup", args=["person"]), {"person": "bianchi"}))
    assert "<option" not in body


def test_the_field_is_a_lookup_that_still_takes_a_typed_code():
    form = MemberAddForm(data={"person": "BNCNNA80E41H501V", "relationship": "child"})
    assert isinstance(form.fields["person"].widget, LookupInput)
    html = str(form["person"])
    assert 'list="id_person-choices"' in html
    assert 'hx-get="/cerca/scelta/person/"' in html
    assert '<datalist id="id_person-choices">' in html
    assert form.is_valid()
    assert form.cleaned_data["person"] == "BNCNNA80E41H501V"
