"""Desk consultations: known person or anonymous visitor, referrals, follow-ups on the work list."""

import datetime

import pytest
from django.utils import timezone

from abitare.core.exceptions import Conflict, ValidationFailed
from abitare.registry.models import Consultation, Referral
from abitare.registry.selectors import consultation_follow_ups_due
from abitare.registry.services import consultation_follow_up_done, consultation_record
from abitare.registry.services.consultations import NewReferral, age_band_of
from abitare.registry.tests.factories import actor_of, make_person


def test_an_anonymous_visitor_is_recorded_with_age_band_sex_and_referrals(world, operator):
    consultation = consultation_record(
        actor=actor_of(operator),
        territory=world.neighbourhood,
        topic="loneliness",
        age_band="65+",
        sex="F",
        referrals=[NewReferral(kind="lab", to="Laboratorio San Vito")],
    )
    assert consultation.person is None
    assert (consultation.age_band, consultation.sex, consultation.held_on) == ("65+", "F", timezone.localdate())
    assert [str(r) for r in consultation.referrals.all()] == [str(Referral(kind="lab", to="Laboratorio San Vito"))]


def test_a_known_person_gives_age_band_and_sex(world, operator):
    person = make_person(operator, birth_date=datetime.date(2000, 1, 1), sex="M")
    consultation = consultation_record(actor=actor_of(operator), territory=world.district, topic="work", person=person)
    assert (consultation.age_band, consultation.sex) == (age_band_of(person.age_on(timezone.localdate())), "M")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "gossip"}, "topic"),
        ({"held_on": timezone.localdate() + datetime.timedelta(days=1)}, "held_on"),
        ({"follow_up_on": timezone.localdate() - datetime.timedelta(days=1)}, "follow_up_on"),
        ({"referrals": [NewReferral(kind="lab", to=" ")]}, "referrals.0.to"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(world, operator, overrides, field):
    values = {"topic": "work", **overrides}
    with pytest.raises(ValidationFailed) as refused:
        consultation_record(actor=actor_of(operator), territory=world.district, **values)
    assert field in refused.value.errors
    assert Consultation.objects.count() == 0


def test_follow_ups_come_due_on_the_operators_list_until_done(world, operator, coordinator):
    actor = actor_of(operator)
    soon = consultation_record(
        actor=actor,
        territory=world.district,
        topic="arrears",
        follow_up_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    consultation_record(
        actor=actor,
        territory=world.district,
        topic="arrears",
        follow_up_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert list(consultation_follow_ups_due(actor=actor, operator=operator)) == [soon]
    assert list(consultation_follow_ups_due(actor=actor_of(coordinator), operator=coordinator)) == []
    consultation_follow_up_done(actor=actor, consultation=soon)
    assert list(consultation_follow_ups_due(actor=actor, operator=operator)) == []
    with pytest.raises(Conflict):
        consultation_follow_up_done(actor=actor, consultation=soon)
