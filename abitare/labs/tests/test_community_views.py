"""Volunteers and help networks in the pages: the public "offri il tuo tempo" form (consent,
honeypot, rate limit, no disclosure), the facilitator's views, and who may reach them."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from abitare.accounts.testing import acting
from abitare.labs import services
from abitare.labs.models import HelpNetworkMember, HelpOffer, HelpRequest, Volunteer, VolunteerHours
from abitare.labs.views.common import RATE_LIMIT
from conftest import client_for

SIGNUP = reverse("labs:volunteer-signup")


def signup_data(lab, **overrides):
    return {
        "labs": [lab.pk],
        "name": "Piero Neri",
        "email": "piero@example.test",
        "skills": "chitarra, cucina",
        "weekdays": ["1", "3"],
        "consent": "on",
        "website": "",
        **overrides,
    }


def test_citizen_offers_time_with_consent(lab):
    page = Client().get(SIGNUP, {"lab": lab.slug})
    response = Client().post(SIGNUP, signup_data(lab))

    assert page.status_code == 200
    assert page.context["form"].initial["labs"] == [lab]
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, volunteer.weekdays, volunteer.organisation_id) == ("Piero Neri", "1,3", lab.organisation_id)
    assert list(volunteer.labs.all()) == [lab]


def test_without_consent_nothing_is_saved(lab):
    response = Client().post(SIGNUP, signup_data(lab, consent=""))

    assert response.status_code == 400
    assert not Volunteer.objects.exists()


def test_honeypot_looks_like_success_and_saves_nothing(lab):
    response = Client().post(SIGNUP, signup_data(lab, website="http://spam.example"))

    assert response.status_code == 302
    assert not Volunteer.objects.exists()


def test_a_known_address_gets_the_same_answer(lab):
    Client().post(SIGNUP, signup_data(lab))

    again = Client().post(SIGNUP, signup_data(lab, name="Altro nome"))

    assert again.status_code == 302
    assert again["Location"] == reverse("labs:volunteer-done")
    assert Volunteer.objects.count() == 1


def test_sign_ups_are_rate_limited(lab):
    client = Client()
    for n in range(RATE_LIMIT):
        client.post(SIGNUP, signup_data(lab, email=f"p{n}@example.test"))

    refused = client.post(SIGNUP, signup_data(lab, email="late@example.test"))

    assert refused.status_code == 429
    assert Volunteer.objects.count() == RATE_LIMIT


@pytest.fixture
def volunteer(lab):
    return services.volunteer_create(
        actor=None, labs=[lab], name="Lucia", email="l@example.test", skills="cucina", weekdays=[2], consent=True
    )


def test_facilitator_finds_who_can_help_and_records_hours(facilitator, lab, volunteer):
    client = client_for(facilitator)

    cooking = client.get(reverse("labs:volunteer-list"), {"skill": "cucina", "day": "2", "lab": lab.pk})
    sunday = client.get(reverse("labs:volunteer-list"), {"day": "6"})
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    saved = client.post(
        reverse("labs:volunteer-hours", args=[volunteer.pk]), {"lab": lab.pk, "date": yesterday, "hours": "3"}
    )
    future = client.post(
        reverse("labs:volunteer-hours", args=[volunteer.pk]),
        {"lab": lab.pk, "date": datetime.date.today() + datetime.timedelta(days=3), "hours": "3"},
    )

    assert [v.name for v in cooking.context["volunteers"]] == ["Lucia"]
    assert sunday.context["volunteers"] == []
    assert saved.status_code == 302
    assert future.status_code == 400
    assert list(VolunteerHours.objects.values_list("hours", flat=True)) == [3]


def test_volunteers_denied_to_anonymous_wrong_role_and_other_organisation(
    operator, other_org_facilitator, lab, volunteer
):
    url = reverse("labs:volunteer-hours", args=[volunteer.pk])
    data = {"lab": lab.pk, "date": "2026-01-01", "hours": "3"}

    assert Client().post(url, data).status_code == 302
    assert client_for(operator).post(url, data).status_code == 403
    assert client_for(other_org_facilitator).post(url, data).status_code == 404
    assert client_for(other_org_facilitator).get(reverse("labs:volunteer-list")).context["volunteers"] == []
    assert not VolunteerHours.objects.exists()


@pytest.fixture
def network(facilitator, world, lab):
    return services.help_network_create(
        actor=acting(facilitator),
        name="Compiti insieme",
        kind="after_school",
        organisation=world.organisation,
        territory=world.municipality,
        lab=lab,
    )


def test_help_network_members_offers_requests_and_pairing(facilitator, world, network):
    client = client_for(facilitator)
    url = reverse("labs:help-network-detail", args=[network.pk])
    where = world.neighbourhood.pk

    client.post(url, {"form": "member", "member-name": "Rosa", "member-neighbourhood": where, "member-consent": "on"})
    client.post(
        url,
        {
            "form": "offer",
            "offer-person_name": "Rosa",
            "offer-kind": "after_school",
            "offer-description": "Matematica",
            "offer-neighbourhood": where,
            "offer-weekdays": ["1"],
            "offer-time_from": "15:00",
            "offer-time_to": "17:00",
        },
    )
    client.post(
        url,
        {
            "form": "request",
            "request-person_name": "Gino",
            "request-kind": "after_school",
            "request-description": "Compiti di terza",
            "request-neighbourhood": where,
            "request-weekdays": ["1"],
        },
    )
    help_request = HelpRequest.objects.get()
    matches = client.get(reverse("labs:help-request-matches", args=[help_request.pk]))
    paired = client.post(
        reverse("labs:help-request-match", args=[help_request.pk]), {"offer": HelpOffer.objects.get().pk}
    )

    assert HelpNetworkMember.objects.get().name == "Rosa"
    assert [offer.person_name for offer, _match in matches.context["candidates"]] == ["Rosa"]
    assert paired.status_code == 302
    assert HelpRequest.objects.get().status == "matched"


def test_help_network_request_without_consent_or_with_bad_hours_saves_nothing(facilitator, world, network):
    url = reverse("labs:help-network-detail", args=[network.pk])
    client = client_for(facilitator)

    member = client.post(url, {"form": "member", "member-name": "Rosa", "member-neighbourhood": world.neighbourhood.pk})
    offer = client.post(
        url,
        {
            "form": "offer",
            "offer-person_name": "Rosa",
            "offer-kind": "after_school",
            "offer-description": "x",
            "offer-neighbourhood": world.neighbourhood.pk,
            "offer-time_from": "17:00",
            "offer-time_to": "15:00",
        },
    )

    assert (member.status_code, offer.status_code) == (400, 400)
    assert not HelpNetworkMember.objects.exists()
    assert not HelpOffer.objects.exists()


def test_help_networks_of_another_organisation_are_not_found(other_org_facilitator, operator, network):
    url = reverse("labs:help-network-detail", args=[network.pk])

    assert client_for(other_org_facilitator).get(url).status_code == 404
    assert client_for(operator).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_volunteers_export_what_the_filters_show_with_days_in_words(facilitator, lab, volunteer, operator):
    response = client_for(facilitator).get(reverse("labs:volunteer-list"), {"skill": "cucina", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nome", "Competenze", "Giorno di disponibilità"]
    assert rows[1][:3] == ["Lucia", "cucina", "Mercoledì"]
    none = client_for(facilitator).get(reverse("labs:volunteer-list"), {"skill": "idraulica", "export": "csv"})
    assert none.content.decode("utf-8-sig").count("\n") == 1
    assert client_for(operator).get(reverse("labs:volunteer-list"), {"export": "csv"}).status_code == 403
