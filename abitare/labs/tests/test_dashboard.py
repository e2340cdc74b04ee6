"""The facilitator's dashboard figures: next sessions, registrations and waiting lists, sessions
without attendance, volunteers' hours, help requests without a match, within the scope."""

import datetime
from decimal import Decimal

from django.utils import timezone

from abitare.core.figures import Trend
from abitare.labs.models import (
    HeadCount,
    HelpNetwork,
    HelpRequest,
    Occurrence,
    Registration,
    Volunteer,
    VolunteerHours,
)
from abitare.labs.selectors import figures as selectors
from abitare.registry.tests.factories import actor_of


def test_next_sessions_and_registrations_count_the_labs_in_scope(facilitator, other_org_facilitator, activity):
    now = activity.dtstart - datetime.timedelta(hours=1)
    sessions = selectors.next_sessions(actor=actor_of(facilitator), now=now)
    assert [session.start for session in sessions] == [activity.dtstart]
    assert selectors.next_sessions(actor=actor_of(other_org_facilitator), now=now) == []

    occurrence = Occurrence.objects.create(activity=activity, start=activity.dtstart)
    for n, status in enumerate(["confirmed", "confirmed", "waiting", "cancelled"]):
        Registration.objects.create(
            occurrence=occurrence, name=f"Persona {n}", email=f"p{n}@example.test", status=status, consent_at=now
        )
    registrations = selectors.registrations_upcoming(actor=actor_of(facilitator), now=now)
    assert (registrations.confirmed, registrations.waiting) == (2, 1)
    assert registrations.trend == Trend(4, 0)
    later = selectors.registrations_upcoming(actor=actor_of(facilitator), now=activity.dtstart + datetime.timedelta(1))
    assert (later.confirmed, later.waiting) == (0, 0)
    assert selectors.registrations_upcoming(actor=actor_of(other_org_facilitator), now=now).confirmed == 0


def test_sessions_held_without_attendance_or_head_count_are_still_to_record(facilitator, activity):
    now = activity.dtstart + datetime.timedelta(days=15)
    occurrence = Occurrence.objects.create(activity=activity, start=activity.dtstart + datetime.timedelta(days=7))
    HeadCount.objects.create(occurrence=occurrence, age_band="35-64", sex="female", count=4)
    missing = selectors.attendance_to_record(actor=actor_of(facilitator), now=now)
    assert [session.start for session in missing] == [
        activity.dtstart,
        activity.dtstart + datetime.timedelta(days=14),
    ]


def _network(world, organisation, territory, lab=None):
    return HelpNetwork.objects.create(name="Rete", kind="swap", organisation=organisation, territory=territory, lab=lab)


def test_volunteer_hours_and_unmatched_help_requests_count_only_the_scope(world, facilitator, lab, other_lab):
    today = timezone.localdate()
    volunteer = Volunteer.objects.create(
        organisation=world.organisation, territory=world.neighbourhood, name="Vera", consent_at=timezone.now()
    )
    VolunteerHours.objects.create(volunteer=volunteer, lab=lab, date=today, hours=Decimal("2.5"))
    VolunteerHours.objects.create(volunteer=volunteer, lab=lab, date=today - datetime.timedelta(days=40), hours=1)
    outsider = Volunteer.objects.create(
        organisation=world.other_organisation,
        territory=world.other_municipality,
        name="Otto",
        consent_at=timezone.now(),
    )
    VolunteerHours.objects.create(volunteer=outsider, lab=other_lab, date=today, hours=Decimal(9))
    hours = selectors.volunteer_hours_recent(actor=actor_of(facilitator), today=today)
    assert (hours.recent, hours.earlier, hours.volunteers) == (Decimal("2.50"), Decimal("1.00"), 1)

    network = _network(world, world.organisation, world.neighbourhood, lab)
    other = _network(world, world.other_organisation, world.other_municipality, other_lab)
    for target, status in ((network, "open"), (network, "open"), (network, "matched"), (other, "open")):
        HelpRequest.objects.create(
            network=target,
            person_name="Anna",
            status=status,
            kind="swap",
            description="Spesa",
            neighbourhood=target.territory,
        )
    unmatched = selectors.help_requests_unmatched(actor=actor_of(facilitator), today=today)
    assert unmatched.value == 2
    assert unmatched.trend == Trend(3, 0)
