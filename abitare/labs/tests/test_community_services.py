"""Rules of the volunteer, help-network, council and edit services: clear errors, nothing half-saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs import services
from abitare.labs.models import Activity, CouncilMeeting, HelpRequest, Lab, Volunteer, VolunteerHours


def test_volunteer_needs_a_way_to_be_reached_and_a_lab(lab):
    with pytest.raises(DomainError) as no_contact:
        services.volunteer_create(actor=None, labs=[lab], name="X", consent=True)
    with pytest.raises(DomainError) as no_lab:
        services.volunteer_create(actor=None, labs=[], name="X", email="x@example.test", consent=True)

    assert (no_contact.value.field, no_lab.value.field) == ("email", "labs")
    assert not Volunteer.objects.exists()


def test_hours_cannot_exceed_a_day_nor_be_in_the_future(facilitator, lab):
    volunteer = services.volunteer_create(actor=None, labs=[lab], name="X", phone="333", consent=True)
    day = datetime.date.today() - datetime.timedelta(days=1)
    services.volunteer_hours_record(
        actor=acting(facilitator), volunteer=volunteer, lab=lab, date=day, hours=Decimal(20)
    )

    with pytest.raises(DomainError):
        services.volunteer_hours_record(
            actor=acting(facilitator), volunteer=volunteer, lab=lab, date=day, hours=Decimal(5)
        )
    with pytest.raises(DomainError):
        services.volunteer_hours_record(
            actor=acting(facilitator),
            volunteer=volunteer,
            lab=lab,
            date=datetime.date.today() + datetime.timedelta(days=1),
            hours=Decimal(1),
        )

    assert list(VolunteerHours.objects.values_list("hours", flat=True)) == [Decimal(20)]


def test_a_request_cannot_be_paired_with_an_offer_that_does_not_fit(facilitator, world):
    network = services.help_network_create(
        actor=acting(facilitator),
        name="Rete",
        kind="swap",
        organisation=world.organisation,
        territory=world.municipality,
    )
    offer = services.help_offer_create(
        actor=acting(facilitator),
        network=network,
        person_name="A",
        kind="swap",
        description="x",
        neighbourhood=world.neighbourhood,
        weekdays=[5],
    )
    request = services.help_request_create(
        actor=acting(facilitator),
        network=network,
        person_name="B",
        kind="swap",
        description="y",
        neighbourhood=world.neighbourhood,
        weekdays=[1],
    )

    with pytest.raises(DomainError) as refused:
        services.help_request_match(actor=acting(facilitator), request=request, offer=offer)

    assert refused.value.field == "offer"
    assert HelpRequest.objects.get().status == "open"


def test_network_outside_the_organisation_territory_is_refused(facilitator, world):
    with pytest.raises(DomainError):
        services.help_network_create(
            actor=acting(facilitator),
            name="Rete",
            kind="swap",
            organisation=world.organisation,
            territory=world.other_district,
        )


def test_lab_update_refuses_the_phase_and_keeps_the_lab(facilitator, lab):
    with pytest.raises(DomainError):
        services.lab_update(actor=acting(facilitator), lab=lab, phase="maintenance", name="Nuovo nome")

    assert Lab.objects.get(pk=lab.pk).name == "Laboratorio Uno"


def test_only_an_agora_has_participating_labs(facilitator, lab, place, other_lab):
    start = datetime.datetime(2027, 5, 4, 10, tzinfo=datetime.UTC)

    with pytest.raises(DomainError):
        services.activity_create(
            actor=acting(facilitator),
            lab=lab,
            title="Festa",
            place=place,
            start=start,
            end=start + datetime.timedelta(hours=1),
            participating_labs=[other_lab],
        )

    assert not Activity.objects.filter(title="Festa").exists()


def test_council_meeting_rewrite_replaces_its_attendees(facilitator, lab):
    day = datetime.date.today() - datetime.timedelta(days=2)
    meeting = services.council_meeting_record(
        actor=acting(facilitator), lab=lab, date=day, attendees=[("Maria", "abitanti"), ("Giorgio", "")]
    )

    services.council_meeting_record(
        actor=acting(facilitator), lab=lab, date=day, meeting=meeting, attendees=[("Maria", "")]
    )

    assert CouncilMeeting.objects.count() == 1
    assert list(meeting.attendees.values_list("name", "represents")) == [("Maria", "")]


def test_a_second_member_with_the_same_address_is_a_conflict(facilitator, world):
    network = services.help_network_create(
        actor=acting(facilitator),
        name="Rete",
        kind="swap",
        organisation=world.organisation,
        territory=world.municipality,
    )
    services.help_member_add(
        actor=acting(facilitator),
        network=network,
        name="A",
        neighbourhood=world.neighbourhood,
        consent=True,
        email="a@x.it",
    )

    with pytest.raises(Conflict):
        services.help_member_add(
            actor=acting(facilitator),
            network=network,
            name="A",
            neighbourhood=world.neighbourhood,
            consent=True,
            email="A@x.it",
        )
