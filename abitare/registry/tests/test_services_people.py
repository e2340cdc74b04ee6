"""Persons: identity rules, Codice Fiscale, duplicates; sensitive records; consents."""

import datetime

import pytest
from django.utils import timezone, translation

from abitare.core.exceptions import DomainError, NotAllowed, ValidationFailed
from abitare.registry.models import Consent, Disability, Person
from abitare.registry.services import consent_record, consent_withdraw, consents_expire, sensitive_record_add
from abitare.registry.services.people import LikelyDuplicate, person_update
from abitare.registry.tasks import consents_expire_task
from abitare.registry.tests.factories import VALID_CF, actor_of, make_person

BORN = datetime.date(1983, 11, 18)


def test_a_person_with_a_valid_consistent_code_is_registered_in_the_district(world, operator):
    person = make_person(
        operator,
        first_name="Manuel",
        last_name="Ricci",
        birth_date=BORN,
        sex="M",
        codice_fiscale=" rccmnl83s18d969h ",
        territory=world.neighbourhood,
    )
    assert person.codice_fiscale == VALID_CF
    assert person.district == world.district
    assert person.organisation == world.organisation


def test_a_birth_date_in_the_future_is_refused_and_nothing_is_saved(world, operator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        make_person(operator, birth_date=tomorrow)
    assert refused.value.errors == {"birth_date": ["The birth date cannot be in the future."]}
    assert Person.objects.count() == 0


def test_a_code_that_disagrees_with_birth_date_and_sex_is_refused_on_both_fields(world, operator):
    with pytest.raises(ValidationFailed) as refused:
        make_person(operator, birth_date=datetime.date(1983, 11, 19), sex="F", codice_fiscale=VALID_CF)
    assert set(refused.value.errors) == {"birth_date", "sex"}
    assert Person.objects.count() == 0


def test_a_wrong_check_character_is_refused(world, operator):
    with pytest.raises(ValidationFailed) as refused:
        make_person(operator, birth_date=BORN, sex="M", codice_fiscale="RCCMNL83S18D969A")
    assert list(refused.value.errors) == ["codice_fiscale"]


def test_the_same_code_twice_in_a_district_is_refused_even_in_another_neighbourhood(world, operator):
    make_person(
        operator, first_name="Manuel", birth_date=BORN, sex="M", codice_fiscale=VALID_CF, territory=world.neighbourhood
    )
    with pytest.raises(DomainError) as refused:
        make_person(
            operator,
            first_name="Emanuele",
            birth_date=BORN,
            sex="M",
            codice_fiscale=VALID_CF,
            territory=world.municipality,
        )
    assert refused.value.field == "codice_fiscale"
    assert Person.objects.count() == 1


def test_another_organisation_may_hold_its_own_record_of_the_same_person(world, operator, other_org_operator):
    make_person(operator, birth_date=BORN, sex="M", codice_fiscale=VALID_CF)
    make_person(other_org_operator, birth_date=BORN, sex="M", codice_fiscale=VALID_CF)
    assert Person.objects.filter(codice_fiscale=VALID_CF).count() == 2


def test_a_likely_duplicate_needs_confirmation(world, operator):
    first = make_person(operator, first_name="Anna", last_name="Verdi")
    with pytest.raises(LikelyDuplicate) as refused:
        make_person(operator, first_name="anna", last_name="VERDI ", confirm_not_duplicate=False)
    assert refused.value.duplicates == [first]
    assert refused.value.field == "confirm_not_duplicate"
    make_person(operator, first_name="anna", last_name="VERDI", confirm_not_duplicate=True)
    assert Person.objects.filter(last_name__iexact="verdi").count() == 2


def test_a_person_outside_the_territory_is_refused(world, operator):
    with pytest.raises(NotAllowed):
        make_person(operator, territory=world.other_municipality)


def test_an_update_follows_the_same_rules(world, operator):
    person = make_person(operator, first_name="Manuel", last_name="Ricci", birth_date=BORN, sex="M")
    person_update(actor=actor_of(operator), person=person, codice_fiscale=VALID_CF, phone="+39 333 1234567")
    person.refresh_from_db()
    assert person.codice_fiscale == VALID_CF
    with pytest.raises(ValidationFailed):
        person_update(actor=actor_of(operator), person=person, sex="F")
    person.refresh_from_db()
    assert person.sex == "M"


def test_sensitive_records_need_the_permission(world, operator, sensitive_operator):
    person = make_person(operator)
    with pytest.raises(NotAllowed):
        sensitive_record_add(actor=actor_of(operator), person=person, model=Disability, recognition="art3_c3")
    record = sensitive_record_add(
        actor=actor_of(sensitive_operator),
        person=person,
        model=Disability,
        recognition="art3_c3",
        invalidity_percent=100,
    )
    assert Disability.objects.get() == record


def test_consents_are_recorded_withdrawn_and_expired(world, operator):
    person = make_person(operator)
    today = timezone.localdate()
    actor = actor_of(operator)
    with pytest.raises(ValidationFailed) as refused:
        consent_record(
            actor=actor,
            person=person,
            purpose="service",
            notice_version="v1",
            given_on=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=1),
        )
    assert list(refused.value.errors) == ["valid_until"]
    consent = consent_record(
        actor=actor,
        person=person,
        purpose="service",
        notice_version="v1",
        given_on=today,
        valid_until=today + datetime.timedelta(days=10),
    )
    withdrawn = consent_withdraw(actor=actor, consent=consent)
    assert withdrawn.status == Consent.Status.WITHDRAWN
    assert withdrawn.withdrawn_on == today
    with pytest.raises(DomainError):
        consent_withdraw(actor=actor, consent=consent)


def test_the_task_marks_expired_consents_once(world, operator):
    person = make_person(operator)
    today = timezone.localdate()
    old = consent_record(
        actor=actor_of(operator),
        person=person,
        purpose="contact",
        notice_version="v1",
        given_on=today - datetime.timedelta(days=30),
        valid_until=today,
    )
    assert consents_expire(today=today) == 0
    assert consents_expire(today=today + datetime.timedelta(days=1)) == 1
    assert consents_expire(today=today + datetime.timedelta(days=1)) == 0
    old.refresh_from_db()
    assert old.status == Consent.Status.EXPIRED
    consents_expire_task.enqueue()  # the scheduled task calls the same service
