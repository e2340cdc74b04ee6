"""Data-subject rights: export everything held; erase, pseudonymising what is kept; refusals."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from abitare.core.exceptions import DomainError
from abitare.registry.models import (
    Consent,
    Consultation,
    DataSubjectRequest,
    Disability,
    Household,
    HouseholdMember,
    IseeAttestation,
    Person,
)
from abitare.registry.services import (
    consent_record,
    consultation_record,
    erasure_check_register,
    erasure_checks,
    person_erase,
    person_export,
    sensitive_record_add,
)
from abitare.registry.services.rights import _erasure_checks
from abitare.registry.tests.factories import actor_of, make_household, make_person
from abitare.registry.tests.test_services_households import _isee


@pytest.fixture
def file(world, operator, sensitive_operator):
    """A person with a household, ISEE, consent, consultation and a disability record."""
    person = make_person(operator, first_name="Lucia", last_name="Neri")
    household = make_household(operator, person, name="Famiglia Neri")
    _isee(household, operator)
    consent_record(
        actor=actor_of(operator), person=person, purpose="service", notice_version="v2", given_on=timezone.localdate()
    )
    consultation_record(
        actor=actor_of(operator),
        territory=world.district,
        topic="rent_support",
        person=person,
        advice="Lucia Neri needs help with the rent",
    )
    sensitive_record_add(
        actor=actor_of(sensitive_operator), person=person, model=Disability, recognition="art3_c1", notes="deaf"
    )
    return person


def test_the_export_holds_everything_but_sensitive_data_only_with_the_permission(file, operator, sensitive_operator):
    plain = person_export(actor=actor_of(operator), person=file)
    assert plain["person"]["last_name"] == "Neri"
    assert plain["households"][0]["household"]["name"] == "Famiglia Neri"
    assert plain["households"][0]["isee_attestations"][0]["isee"] == "11764.71"
    assert plain["consents"][0]["notice_version"] == "v2"
    assert plain["consultations"][0]["advice"] == "Lucia Neri needs help with the rent"
    assert plain["sensitive_data_included"] is False
    assert "sensitive" not in plain
    assert "deaf" not in str(plain)
    full = person_export(actor=actor_of(sensitive_operator), person=file)
    assert full["sensitive"]["disability"][0]["notes"] == "deaf"
    assert DataSubjectRequest.objects.filter(kind="export").count() == 2


def test_erasure_deletes_the_person_and_keeps_anonymous_statistics(file, coordinator):
    person_id = file.pk
    household = Household.objects.get(name="Famiglia Neri")
    reference = person_erase(actor=actor_of(coordinator), person=file)
    assert not Person.objects.filter(pk=person_id).exists()
    assert not Person.history.filter(id=person_id).exists()
    assert not Disability.objects.exists()
    assert not Disability.history.exists()
    assert not Consent.objects.exists()
    assert not Consent.history.exists()
    assert not HouseholdMember.objects.exists()
    assert not HouseholdMember.history.exists()
    consultation = Consultation.objects.get()
    assert (consultation.person, consultation.advice, consultation.topic) == (None, "", "rent_support")
    assert consultation.age_band == "35-64"
    assert not Consultation.history.filter(advice__contains="Neri").exists()
    household.refresh_from_db()
    assert "Neri" not in household.name
    assert household.address == ""
    assert reference in household.name
    assert not IseeAttestation.objects.exists()
    assert not IseeAttestation.history.exists()
    assert not Household.history.filter(name__contains="Neri").exists()
    request = DataSubjectRequest.objects.get(kind="erasure")
    assert (request.outcome, request.person_ref) == ("done", reference)


def test_a_household_with_other_members_keeps_them(world, operator, coordinator):
    leaving = make_person(operator, first_name="A")
    staying = make_person(operator, first_name="B")
    household = make_household(operator, leaving, staying, name="Famiglia")
    person_erase(actor=actor_of(coordinator), person=leaving)
    household.refresh_from_db()
    assert household.name == "Famiglia"
    assert list(household.members.all()) == [staying]


@override_settings(REGISTRY_RETENTION_DAYS=365)
def test_erasure_is_refused_within_the_retention_period_and_nothing_changes(file, coordinator):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        person_erase(actor=actor_of(coordinator), person=file)
    assert refused.value.code == "erasure_refused"
    assert "retention period (365 days" in str(refused.value.message)
    assert Person.objects.filter(pk=file.pk).exists()
    assert Disability.objects.count() == 1
    assert Consultation.objects.get().advice
    request = DataSubjectRequest.objects.get(kind="erasure")
    assert request.outcome == "refused"
    assert "365" in request.reason
    later = timezone.localdate() + datetime.timedelta(days=400)
    person_erase(actor=actor_of(coordinator), person=file, today=later)
    assert not Person.objects.filter(pk=file.pk).exists()


def test_later_modules_add_their_own_refusals(file, coordinator):
    def open_tenancy(person, today):
        return "An open tenancy requires keeping the record."

    erasure_check_register(open_tenancy)
    erasure_check_register(open_tenancy)
    try:
        assert erasure_checks().count(open_tenancy) == 1
        with pytest.raises(DomainError) as refused:
            person_erase(actor=actor_of(coordinator), person=file)
        assert "open tenancy" in str(refused.value.message)
        assert Person.objects.filter(pk=file.pk).exists()
    finally:
        _erasure_checks.remove(open_tenancy)
