"""Pages of the registry: the permission matrix (every role x every page), access logging,
sensitive data never rendered without the permission, forms that refuse bad input."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from abitare.core import pdf
from abitare.core.models import AccessLogEntry
from abitare.registry.models import (
    Consent,
    Consultation,
    Disability,
    HealthNote,
    Household,
    HouseholdMember,
    IseeAttestation,
    Person,
)
from abitare.registry.services import consent_record, sensitive_record_add
from abitare.registry.tests.factories import VALID_CF, actor_of, make_household, make_person
from conftest import client_for

SECRET_NOTE = "SECRET-HEALTH-NOTE-7731"


@pytest.fixture
def records(world, operator, sensitive_operator):
    person = make_person(operator, first_name="Lucia", last_name="Neri")
    household = make_household(operator, person, name="Famiglia Neri")
    sensitive_record_add(
        actor=actor_of(sensitive_operator), person=person, model=Disability, recognition="art3_c3", notes=SECRET_NOTE
    )
    consultation = Consultation.objects.create(
        organisation=world.organisation,
        territory=world.district,
        operator=operator,
        topic="work",
        follow_up_on=timezone.localdate(),
    )
    return {"person": person, "household": household, "consultation": consultation}


PEOPLE_PAGES = [
    ("registry:person-list", None),
    ("registry:person-create", None),
    ("registry:person-detail", "person"),
    ("registry:person-edit", "person"),
    ("registry:consent-add", "person"),
    ("registry:person-export-json", "person"),
    ("registry:household-list", None),
    ("registry:household-create", None),
    ("registry:household-detail", "household"),
    ("registry:isee-add", "household"),
    ("registry:people-import", None),
    ("registry:people-import-template", None),
]
DESK_PAGES = [
    ("registry:consultation-list", None),
    ("registry:consultation-create", None),
    ("registry:consultation-detail", "consultation"),
]
# role fixture -> may use the people pages, the desk pages, the sensitive pages, erasure
MATRIX = {
    "operator": (True, True, False, False),
    "sensitive_operator": (True, True, True, False),
    "coordinator": (True, True, False, True),
    "facilitator": (False, True, False, False),
    "reviewer": (False, False, False, False),
    "administrator": (False, False, False, False),
    "auditor": (False, False, False, False),
}


def _url(name, key, records):
    return reverse(name, args=[records[key].pk]) if key else reverse(name)


@pytest.mark.parametrize("role", list(MATRIX))
def test_every_role_reaches_exactly_its_pages(request, records, role):
    people, desk, sensitive, erasure = MATRIX[role]
    client = client_for(request.getfixturevalue(role))
    for pages, allowed in ((PEOPLE_PAGES, people), (DESK_PAGES, desk)):
        for name, key in pages:
            status = client.get(_url(name, key, records)).status_code
            assert status == (200 if allowed else 403), f"{role} {name}: {status}"
    sensitive_url = reverse("registry:sensitive-add", args=[records["person"].pk, "healthnote"])
    assert client.get(sensitive_url).status_code == (200 if sensitive else 403)
    erase_url = reverse("registry:person-erase", args=[records["person"].pk])
    assert client.get(erase_url).status_code == (200 if erasure else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    for name, key in PEOPLE_PAGES + DESK_PAGES:
        response = client.get(_url(name, key, records))
        assert response.status_code == 302, name
        assert "/accounts/" in response["Location"], name


def test_another_organisation_sees_none_of_it(records, other_org_operator):
    client = client_for(other_org_operator)
    for name, key in PEOPLE_PAGES + DESK_PAGES:
        if key:
            assert client.get(_url(name, key, records)).status_code == 404, name
    listing = client.get(reverse("registry:person-list")).content.decode()
    assert "Neri" not in listing
    assert (
        client.post(
            reverse("registry:member-add", args=[records["household"].pk]),
            {"person": str(records["person"].pk), "relationship": "child"},
        ).status_code
        == 404
    )


def test_reading_a_person_is_logged_and_sensitive_data_is_not_rendered_without_the_permission(records, operator):
    person = records["person"]
    page = client_for(operator).get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    assert "Lucia" in page
    assert SECRET_NOTE not in page
    assert 'data-testid="sensitive-section"' not in page
    entry = AccessLogEntry.objects.get(record_type="registry.person", record_id=str(person.pk), channel="page")
    assert entry.username == "operator"
    assert not AccessLogEntry.objects.filter(record_type="registry.disability").exists()


def test_a_sensitive_reader_sees_the_section_and_that_read_is_logged(records, sensitive_operator):
    person = records["person"]
    page = client_for(sensitive_operator).get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    assert SECRET_NOTE in page
    assert AccessLogEntry.objects.filter(record_type="registry.disability", username="sensitive_operator").count() == 1


def test_the_search_finds_by_name_code_and_neighbourhood_and_logs_what_it_shows(world, operator):
    make_person(
        operator,
        first_name="Manuel",
        last_name="Ricci",
        birth_date=datetime.date(1983, 11, 18),
        sex="M",
        codice_fiscale=VALID_CF,
        territory=world.neighbourhood,
    )
    make_person(operator, first_name="Anna", last_name="Bianchi", territory=world.municipality)
    client = client_for(operator)
    url = reverse("registry:person-list")
    assert "Ricci" in client.get(url, {"q": "ric man"}).content.decode()
    by_code = client.get(url, {"q": VALID_CF.lower()}).content.decode()
    assert "Ricci" in by_code
    assert "Bianchi" not in by_code
    by_place = client.get(url, {"territory": world.neighbourhood.pk}).content.decode()
    assert "Ricci" in by_place
    assert "Bianchi" not in by_place
    fragment = client.get(url, {"q": "bianchi"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Bianchi" in fragment
    assert AccessLogEntry.objects.filter(record_type="registry.person", purpose="search").exists()


def _person_form(world, **overrides):
    data = {
        "first_name": "Manuel",
        "last_name": "Ricci",
        "birth_date": "1983-11-18",
        "sex": "M",
        "codice_fiscale": VALID_CF,
        "birth_place": "Napoli",
        "citizenship": "IT",
        "territory": world.neighbourhood.pk,
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_the_person_form_saves_a_valid_person(world, operator):
    response = client_for(operator).post(reverse("registry:person-create"), _person_form(world))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person-detail", args=[person.pk])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"birth_date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "codice_fiscale": ""},
            "birth_date",
        ),
        ({"birth_date": "1983-11-17"}, "birth_date"),
        ({"sex": "F"}, "sex"),
        ({"codice_fiscale": "RCCMNL83S18D969Z"}, "codice_fiscale"),
    ],
)
def test_the_person_form_refuses_bad_input_and_saves_nothing(world, operator, overrides, field):
    response = client_for(operator).post(reverse("registry:person-create"), _person_form(world, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Person.objects.count() == 0


def test_a_likely_duplicate_is_shown_before_saving_and_needs_the_checkbox(world, operator):
    existing = make_person(
        operator, first_name="Manuel", last_name="Ricci", birth_date=datetime.date(1983, 11, 18), sex="M"
    )
    client = client_for(operator)
    data = _person_form(world, codice_fiscale="")
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="likely-duplicates"' in page
    assert reverse("registry:person-detail", args=[existing.pk]) in page
    assert 'name="confirm_not_duplicate"' in page
    assert Person.objects.count() == 1
    confirmed = client.post(reverse("registry:person-create"), {**data, "confirm_not_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_households_are_created_and_members_added_once(world, operator):
    client = client_for(operator)
    person = make_person(operator)
    response = client.post(
        reverse("registry:household-create"),
        {"name": "Famiglia Bianchi", "address": "Via Fillungo 3", "territory": world.neighbourhood.pk},
    )
    household = Household.objects.get()
    assert response["Location"] == reverse("registry:household-detail", args=[household.pk])
    client.post(
        reverse("registry:member-add", args=[household.pk]), {"person": str(person.pk), "relationship": "reference"}
    )
    other = make_household(operator, name="Altra")
    refused = client.post(
        reverse("registry:member-add", args=[other.pk]),
        {"person": str(person.pk), "relationship": "child"},
        follow=True,
    )
    assert "Famiglia Bianchi" in refused.content.decode()
    assert list(HouseholdMember.objects.values_list("household__name", flat=True)) == ["Famiglia Bianchi"]


def test_an_expired_or_malformed_isee_is_refused_on_the_page(world, operator):
    household = make_household(operator, make_person(operator))
    today = timezone.localdate()
    data = {
        "kind": "ordinario",
        "dsu_protocol": "INPS-ISEE-2026-000000001-00",
        "isee": "9000",
        "ise": "18000",
        "isr": "15000",
        "isp": "15000",
        "equivalence_scale": "2.00",
        "issued_on": (today - datetime.timedelta(days=400)).isoformat(),
        "expires_on": (today - datetime.timedelta(days=1)).isoformat(),
    }
    client = client_for(operator)
    expired = client.post(reverse("registry:isee-add", args=[household.pk]), data)
    assert expired.status_code == 400
    assert expired.context["form"].errors["expires_on"]
    malformed = client.post(
        reverse("registry:isee-add", args=[household.pk]),
        {**data, "dsu_protocol": "ABC", "expires_on": today.isoformat()},
    )
    assert malformed.status_code == 400
    assert malformed.context["form"].errors["dsu_protocol"]
    assert IseeAttestation.objects.count() == 0
    ok = client.post(reverse("registry:isee-add", args=[household.pk]), {**data, "expires_on": today.isoformat()})
    assert ok.status_code == 302
    detail = client.get(reverse("registry:household-detail", args=[household.pk])).content.decode()
    assert 'data-testid="latest-isee"' in detail


def test_the_quick_intake_has_defaults_focus_and_saves_in_one_post(world, operator):
    client = client_for(operator)
    page = client.get(reverse("registry:consultation-create"))
    form = page.context["form"]
    assert form["held_on"].value() == timezone.localdate()
    assert form["territory"].value() == world.district.pk
    assert "autofocus" in str(form["topic"])
    response = client.post(
        reverse("registry:consultation-create"),
        {
            "topic": "rent_support",
            "person": "",
            "age_band": "35-64",
            "sex": "F",
            "advice": "Fondo affitti",
            "referral_kind": "service",
            "referral_to": "CAF",
            "follow_up_on": "",
            "held_on": timezone.localdate().isoformat(),
            "territory": world.district.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:consultation-create")
    consultation = Consultation.objects.get()
    assert consultation.operator == operator
    assert consultation.referrals.get().to == "CAF"


def test_a_consultation_for_an_unknown_code_is_refused(world, operator):
    response = client_for(operator).post(
        reverse("registry:consultation-create"),
        {
            "topic": "work",
            "person": VALID_CF,
            "held_on": timezone.localdate().isoformat(),
            "territory": world.district.pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["person"]
    assert Consultation.objects.count() == 0


def test_follow_ups_and_expiring_consents_land_on_the_work_list(records, operator):

    consent_record(
        actor=actor_of(operator),
        person=records["person"],
        purpose="sharing",
        notice_version="v1",
        given_on=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    page = client_for(operator).get(reverse("web:worklist")).content.decode()
    assert reverse("registry:consultation-detail", args=[records["consultation"].pk]) in page
    assert "Neri Lucia" in page


def test_the_export_is_logged_as_an_export_and_leaves_out_sensitive_data(records, operator, sensitive_operator):
    person = records["person"]
    response = client_for(operator).get(reverse("registry:person-export-json", args=[person.pk]))
    data = json.loads(response.content)
    assert data["person"]["last_name"] == "Neri"
    assert SECRET_NOTE not in response.content.decode()
    assert AccessLogEntry.objects.filter(record_id=str(person.pk), channel="export", username="operator").exists()
    full = client_for(sensitive_operator).get(reverse("registry:person-export-json", args=[person.pk]))
    assert SECRET_NOTE in full.content.decode()
    assert AccessLogEntry.objects.filter(record_type="registry.disability", channel="export").count() == 1


def test_the_pdf_export_is_a_pdf_and_logged(records, operator):
    person = records["person"]
    response = client_for(operator).get(reverse("registry:person-export-pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(record_id=str(person.pk), channel="export").exists()


def test_a_coordinator_erases_a_person_from_the_page(records, coordinator, operator):
    person = records["person"]
    url = reverse("registry:person-erase", args=[person.pk])
    assert client_for(operator).post(url, {"confirm": "on"}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    response = client_for(coordinator).post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_only_a_sensitive_reader_records_a_health_note(records, operator, sensitive_operator):
    url = reverse("registry:sensitive-add", args=[records["person"].pk, "healthnote"])
    data = {"noted_on": timezone.localdate().isoformat(), "notes": "diabete"}
    assert client_for(operator).post(url, data).status_code == 403
    assert client_for(sensitive_operator).post(url, data).status_code == 302
    assert list(HealthNote.objects.values_list("notes", flat=True)) == ["diabete"]
    assert (
        client_for(sensitive_operator).get(reverse("registry:sensitive-add", args=[1, "nonsense"])).status_code == 404
    )


def test_consents_are_added_and_withdrawn_from_the_person_page(records, operator):
    person = records["person"]
    client = client_for(operator)
    response = client.post(
        reverse("registry:consent-add", args=[person.pk]),
        {"purpose": "research", "notice_version": "2026.1", "given_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    client.post(reverse("registry:consent-withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN
    future = client.post(
        reverse("registry:consent-add", args=[person.pk]),
        {
            "purpose": "research",
            "notice_version": "2026.1",
            "given_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert future.status_code == 400
    assert Consent.objects.filter(person=person).count() == 1


def test_a_household_is_created_with_its_reference_person(world, operator):
    person = make_person(operator)
    response = client_for(operator).post(
        reverse("registry:household-create"),
        {
            "name": "Famiglia Uno",
            "address": "",
            "territory": world.neighbourhood.pk,
            "reference_person": str(person.pk),
        },
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert (member.person, member.relationship, member.household.name) == (person, "reference", "Famiglia Uno")


def test_the_pdf_export_leaves_out_sensitive_data_without_the_permission(
    records, operator, sensitive_operator, monkeypatch
):

    rendered: list[str] = []
    real_html = pdf.HTML

    def recording_html(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(pdf, "HTML", recording_html)
    person = records["person"]
    plain = client_for(operator).get(reverse("registry:person-export-pdf", args=[person.pk]))
    full = client_for(sensitive_operator).get(reverse("registry:person-export-pdf", args=[person.pk]))
    assert plain.content.startswith(b"%PDF")
    assert full.content.startswith(b"%PDF")
    assert SECRET_NOTE not in rendered[0]
    assert SECRET_NOTE in rendered[1]
