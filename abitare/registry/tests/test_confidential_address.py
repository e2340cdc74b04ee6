"""“The address must stay confidential” on a protection measure: staff without the sensitive-data
permission see “Indirizzo riservato” wherever the household's address is shown, exported or
searched; staff with it see the address; an ended measure, or a member who left, lifts it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from abitare.registry.models import Household, ProtectionMeasure
from abitare.registry.permissions import address_view, confidential_households
from abitare.registry.services import household_member_end, sensitive_record_add
from abitare.registry.tests.factories import actor_of, make_household, make_person
from conftest import client_for

SECRET = "Via Segreta 9"
MASK = "Indirizzo riservato"


@pytest.fixture
def protected(world, sensitive_operator):
    anna = make_person(sensitive_operator, n=1)
    household = make_household(sensitive_operator, anna, name="Famiglia Protetta")
    Household.objects.filter(pk=household.pk).update(address=SECRET)
    household.refresh_from_db()
    measure = sensitive_record_add(
        actor=actor_of(sensitive_operator),
        person=anna,
        model=ProtectionMeasure,
        kind="shelter",
        start_date=timezone.localdate(),
        address_confidential=True,
    )
    return household, measure


@pytest.fixture
def ordinary(world, operator):
    return make_household(operator, make_person(operator, n=2), name="Famiglia Aperta")


def test_the_predicate_and_its_queryset_form_agree(protected, ordinary, operator, sensitive_operator):
    household, _measure = protected
    plain, allowed = address_view(actor_of(operator)), address_view(actor_of(sensitive_operator))

    assert plain.hides(household) is True
    assert plain.hides(ordinary) is False
    assert allowed.hides(household) is False
    assert list(Household.objects.filter(confidential_households())) == [household]
    assert plain.address(household) == MASK
    assert allowed.address(household) == SECRET


def test_an_ended_measure_a_measure_without_the_flag_or_a_member_who_left_lifts_it(protected, sensitive_operator):
    household, measure = protected
    actor = actor_of(sensitive_operator)
    ProtectionMeasure.objects.filter(pk=measure.pk).update(address_confidential=False)
    without_flag = address_view(None).hides(household)
    ProtectionMeasure.objects.filter(pk=measure.pk).update(
        address_confidential=True, end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    ended = address_view(None).hides(household)
    ProtectionMeasure.objects.filter(pk=measure.pk).update(end_date=None)
    household_member_end(actor=actor, member=household.memberships.get())
    left = address_view(None).hides(household)

    assert (without_flag, ended, left) == (False, False, False)


@pytest.mark.parametrize(("who", "shown"), [("operator", MASK), ("coordinator", MASK), ("sensitive_operator", SECRET)])
def test_household_pages_show_the_address_only_with_the_permission(protected, request, who, shown):
    household, _measure = protected
    client = client_for(request.getfixturevalue(who))

    detail = client.get(reverse("registry:household-detail", args=[household.pk])).content.decode()
    listing = client.get(reverse("registry:household-list")).content.decode()
    history = client.get(reverse("assessments:household-history", args=[household.pk])).content.decode()

    assert shown in detail
    assert shown in listing
    assert shown in history
    if shown == MASK:
        assert SECRET not in detail + listing + history


def test_other_roles_and_organisations_do_not_reach_the_household_at_all(protected, facilitator, other_org_operator):
    household, _measure = protected
    url = reverse("registry:household-detail", args=[household.pk])

    assert Client().get(url).status_code == 302
    assert client_for(facilitator).get(url).status_code == 403
    assert client_for(other_org_operator).get(url).status_code == 404


def test_searching_by_the_address_does_not_reveal_it(protected, ordinary, operator, sensitive_operator):
    _household, _measure = protected
    Household.objects.filter(pk=ordinary.pk).update(address="Via Segreta 11")

    plain = client_for(operator).get(reverse("registry:household-list"), {"q": "Segreta"}).content.decode()
    allowed = client_for(sensitive_operator).get(reverse("registry:household-list"), {"q": "Segreta"}).content.decode()
    by_name = client_for(operator).get(reverse("registry:household-list"), {"q": "Protetta"}).content.decode()
    api = client_for(operator).get("/api/v1/households/", {"q": "Segreta"}).json()["results"]

    assert "Famiglia Aperta" in plain
    assert "Famiglia Protetta" not in plain
    assert "Famiglia Protetta" in allowed
    assert "Famiglia Protetta" in by_name  # found by its name, the address still masked
    assert SECRET not in by_name
    assert [row["name"] for row in api] == ["Famiglia Aperta"]


@pytest.mark.parametrize(("who", "shown"), [("operator", MASK), ("sensitive_operator", SECRET)])
def test_the_api_gives_the_address_only_with_the_permission(protected, request, who, shown):
    household, _measure = protected
    client = client_for(request.getfixturevalue(who))

    detail = client.get(f"/api/v1/households/{household.pk}/").json()
    listing = client.get("/api/v1/households/").json()["results"]

    assert detail["address"] == shown
    assert {row["name"]: row["address"] for row in listing}["Famiglia Protetta"] == shown


def test_the_data_subject_export_masks_the_address(protected, operator, sensitive_operator):
    household, _measure = protected
    person = household.memberships.get().person

    plain = client_for(operator).get(reverse("registry:person-export-json", args=[person.pk]))
    allowed = client_for(sensitive_operator).get(reverse("registry:person-export-json", args=[person.pk]))

    assert plain.json()["households"][0]["household"]["address"] == MASK
    assert SECRET not in plain.content.decode()
    assert allowed.json()["households"][0]["household"]["address"] == SECRET
