"""The registry API: scoping, role matrix, sensitive fields only with the permission, every read
logged, the uniform 4xx body for bad input with nothing changed."""

import datetime

import pytest
from django.utils import timezone

from abitare.core.models import AccessLogEntry
from abitare.registry.models import Consultation, Disability, Household, HouseholdMember, IseeAttestation, Person
from abitare.registry.services import sensitive_record_add
from abitare.registry.tests.factories import VALID_CF, actor_of, make_household, make_person
from conftest import client_for

SECRET = "SECRET-PROTECTION-NOTE-4411"


@pytest.fixture
def person(world, operator, sensitive_operator):
    person = make_person(operator, first_name="Lucia", last_name="Neri")
    make_household(operator, person, name="Famiglia Neri")
    sensitive_record_add(
        actor=actor_of(sensitive_operator), person=person, model=Disability, recognition="art3_c1", notes=SECRET
    )
    return person


ENDPOINTS = ["/api/v1/persons/", "/api/v1/households/", "/api/v1/consultations/"]
# role -> (persons/households allowed, consultations allowed)
ROLES = {
    "operator": (True, True),
    "coordinator": (True, True),
    "facilitator": (False, True),
    "reviewer": (False, False),
    "administrator": (False, False),
    "auditor": (False, False),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_reaches_exactly_its_endpoints(request, person, role):
    people, desk = ROLES[role]
    client = client_for(request.getfixturevalue(role))
    for url, allowed in zip(ENDPOINTS, (people, people, desk), strict=True):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (role, url)
        if not allowed:
            assert response.json()["error"]["code"] == "permission_denied"
    assert client.get(f"/api/v1/persons/{person.pk}/").status_code == (200 if people else 403)


def test_anonymous_callers_get_401(client, person):
    for url in [*ENDPOINTS, f"/api/v1/persons/{person.pk}/"]:
        assert client.get(url).status_code == 401


def test_sensitive_fields_never_appear_without_the_permission_and_reads_are_logged(
    person, operator, sensitive_operator
):
    plain = client_for(operator).get(f"/api/v1/persons/{person.pk}/")
    assert plain.status_code == 200
    assert "sensitive" not in plain.json()
    assert SECRET not in plain.content.decode()
    listing = client_for(operator).get("/api/v1/persons/", {"q": "neri"})
    assert [row["last_name"] for row in listing.json()["results"]] == ["Neri"]
    assert SECRET not in listing.content.decode()
    full = client_for(sensitive_operator).get(f"/api/v1/persons/{person.pk}/").json()
    assert full["sensitive"]["disability"][0]["notes"] == SECRET
    reads = AccessLogEntry.objects.filter(record_type="registry.person", record_id=str(person.pk), channel="api")
    assert set(reads.values_list("username", flat=True)) == {"operator", "sensitive_operator"}
    assert reads.filter(username="operator").count() == 2
    assert AccessLogEntry.objects.filter(record_type="registry.disability", username="sensitive_operator").exists()
    assert not AccessLogEntry.objects.filter(record_type="registry.disability", username="operator").exists()


def test_another_organisation_gets_404_and_an_empty_list(person, other_org_operator):
    client = client_for(other_org_operator)
    assert client.get(f"/api/v1/persons/{person.pk}/").status_code == 404
    assert client.get("/api/v1/persons/").json()["results"] == []
    household = Household.objects.get()
    assert client.get(f"/api/v1/households/{household.pk}/").status_code == 404


def test_a_person_is_created_and_bad_input_gets_field_errors(world, operator):
    client = client_for(operator)
    body = {
        "first_name": "Manuel",
        "last_name": "Ricci",
        "birth_date": "1983-11-18",
        "sex": "M",
        "codice_fiscale": VALID_CF,
        "territory": world.neighbourhood.pk,
    }
    created = client.post("/api/v1/persons/", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["codice_fiscale"] == VALID_CF
    twice = client.post("/api/v1/persons/", {**body, "first_name": "Emanuele"}, content_type="application/json")
    assert twice.status_code == 400
    assert list(twice.json()["error"]["fields"]) == ["codice_fiscale"]
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    bad = client.post(
        "/api/v1/persons/", {**body, "codice_fiscale": "", "birth_date": future}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "birth_date" in bad.json()["error"]["fields"]
    elsewhere = client.post(
        "/api/v1/persons/",
        {**body, "codice_fiscale": "", "first_name": "X", "territory": world.other_municipality.pk},
        content_type="application/json",
    )
    assert elsewhere.status_code == 400
    assert "territory" in elsewhere.json()["error"]["fields"]
    assert Person.objects.count() == 1


def test_a_person_is_patched_with_the_same_rules(world, operator):
    person = make_person(
        operator, first_name="Manuel", last_name="Ricci", birth_date=datetime.date(1983, 11, 18), sex="M"
    )
    client = client_for(operator)
    ok = client.patch(f"/api/v1/persons/{person.pk}/", {"codice_fiscale": VALID_CF}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["codice_fiscale"] == VALID_CF
    bad = client.patch(f"/api/v1/persons/{person.pk}/", {"sex": "F"}, content_type="application/json")
    assert bad.status_code == 400
    person.refresh_from_db()
    assert person.sex == "M"


def test_households_members_and_isee_through_the_api(world, operator):
    client = client_for(operator)
    first = make_person(operator, first_name="A")
    second = make_person(operator, first_name="B")
    created = client.post(
        "/api/v1/households/",
        {
            "name": "Famiglia API",
            "territory": world.neighbourhood.pk,
            "members": [{"person": first.pk, "relationship": "reference"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    household_id = created.json()["id"]
    assert [m["person"]["first_name"] for m in created.json()["members"]] == ["A"]
    added = client.post(
        f"/api/v1/households/{household_id}/members/",
        {"person": second.pk, "relationship": "child"},
        content_type="application/json",
    )
    assert added.status_code == 201
    again = client.post(
        "/api/v1/households/",
        {
            "territory": world.neighbourhood.pk,
            "members": [{"person": first.pk, "relationship": "reference"}],
        },
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "already_in_household"
    assert Household.objects.count() == 1
    assert HouseholdMember.objects.count() == 2
    today = timezone.localdate()
    isee = {
        "kind": "ordinario",
        "isee": "9000.00",
        "ise": "18000.00",
        "isr": "15000.00",
        "isp": "15000.00",
        "equivalence_scale": "2.00",
        "dsu_protocol": "INPS-ISEE-2026-000000001-00",
        "issued_on": today.isoformat(),
        "expires_on": (today + datetime.timedelta(days=30)).isoformat(),
    }
    malformed = client.post(
        f"/api/v1/households/{household_id}/isee/", {**isee, "dsu_protocol": "X-1"}, content_type="application/json"
    )
    assert malformed.status_code == 400
    assert "dsu_protocol" in malformed.json()["error"]["fields"]
    assert (
        client.post(f"/api/v1/households/{household_id}/isee/", isee, content_type="application/json").status_code
        == 201
    )
    detail = client.get(f"/api/v1/households/{household_id}/").json()
    assert detail["latest_valid_isee"]["isee"] == "9000.00"
    assert IseeAttestation.objects.count() == 1


def test_consultations_through_the_api(world, facilitator):
    client = client_for(facilitator)
    created = client.post(
        "/api/v1/consultations/",
        {
            "territory": world.district.pk,
            "topic": "loneliness",
            "age_band": "65+",
            "sex": "F",
            "referrals": [{"kind": "lab", "to": "Laboratorio"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["referrals"] == [{"kind": "lab", "to": "Laboratorio"}]
    bad = client.post(
        "/api/v1/consultations/", {"territory": world.district.pk, "topic": "nope"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert Consultation.objects.count() == 1
    assert client.get(f"/api/v1/consultations/{created.json()['id']}/").status_code == 200
