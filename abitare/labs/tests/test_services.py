"""Lab services: phases, activity validation, registrations with capacity and waiting list."""

from __future__ import annotations

import datetime

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs import services
from abitare.labs.models import Activity, ActivityException, Lab, LabPhaseChange, Registration
from abitare.labs.recurrence import RecurrenceError
from abitare.labs.selectors import lab_reach, occurrence_attendance, occurrence_head_counts
from abitare.labs.tests.conftest import next_weekday

HOUR = datetime.timedelta(hours=1)


def register(activity, start, email, name="Anna"):
    return services.registration_create(
        actor=None, activity=activity, start=start, name=name, email=email, consent=True
    )


def test_lab_create_records_the_first_phase(lab, facilitator):
    assert lab.slug == "laboratorio-uno"
    assert lab.phase == Lab.Phase.ENGAGEMENT
    assert list(lab.phase_changes.values_list("phase_from", "phase_to")) == [("", "engagement")]
    assert list(lab.places.all()) == [lab.main_place]


def test_lab_create_refuses_a_territory_the_organisation_does_not_work_in(world, facilitator):
    with pytest.raises(DomainError) as raised:
        services.lab_create(
            actor=acting(facilitator),
            name="Fuori zona",
            kind=Lab.Kind.COMMUNITY_HUB,
            territory=world.other_municipality,
            organisation=world.organisation,
        )

    assert raised.value.field == "territory"
    assert not Lab.objects.filter(name="Fuori zona").exists()


def test_lab_phase_change_moves_forward_and_keeps_history(lab, facilitator):
    today = datetime.date.today()

    services.lab_phase_change(
        actor=acting(facilitator), lab=lab, phase=Lab.Phase.ACTIVATION, date=today, note="Prima festa"
    )

    lab.refresh_from_db()
    assert lab.phase == Lab.Phase.ACTIVATION
    change = LabPhaseChange.objects.filter(lab=lab).last()
    assert (change.phase_from, change.phase_to, change.note) == ("engagement", "activation", "Prima festa")


def test_lab_phase_change_refuses_skipping_a_phase(lab, facilitator):
    with pytest.raises(Conflict):
        services.lab_phase_change(
            actor=acting(facilitator), lab=lab, phase=Lab.Phase.MAINTENANCE, date=datetime.date.today()
        )

    lab.refresh_from_db()
    assert lab.phase == Lab.Phase.ENGAGEMENT
    assert lab.phase_changes.count() == 1


def test_activity_create_refuses_an_end_before_the_start(lab, place, facilitator):
    start = next_weekday(2, 10)

    with pytest.raises(DomainError) as raised:
        services.activity_create(
            actor=acting(facilitator), lab=lab, title="Al contrario", place=place, start=start, end=start - HOUR
        )

    assert raised.value.field == "end"
    assert not Activity.objects.filter(title="Al contrario").exists()


def test_activity_create_refuses_a_rule_that_never_ends(lab, place, facilitator):
    start = next_weekday(2, 10)

    with pytest.raises(RecurrenceError):
        services.activity_create(
            actor=acting(facilitator),
            lab=lab,
            title="Per sempre",
            place=place,
            start=start,
            end=start + HOUR,
            rrule="FREQ=WEEKLY",
        )

    assert not Activity.objects.filter(title="Per sempre").exists()


def test_activity_create_refuses_an_overlapping_booking_of_the_place(activity, lab, place, facilitator):
    third = activity.dtstart + datetime.timedelta(weeks=2, hours=1)

    with pytest.raises(Conflict) as raised:
        services.activity_create(
            actor=acting(facilitator), lab=lab, title="Sovrapposta", place=place, start=third, end=third + HOUR
        )

    assert raised.value.field == "place"
    assert not Activity.objects.filter(title="Sovrapposta").exists()


def test_activity_create_accepts_the_slot_of_a_cancelled_occurrence(activity, lab, place, facilitator):
    third = activity.dtstart + datetime.timedelta(weeks=2)
    services.activity_occurrence_cancel(actor=acting(facilitator), activity=activity, original_start=third)

    other = services.activity_create(
        actor=acting(facilitator), lab=lab, title="Al posto del coro", place=place, start=third, end=third + HOUR
    )

    assert other.last_end == third + HOUR


def test_activity_last_end_is_the_end_of_the_last_occurrence(activity):
    assert activity.last_end == activity.dtstart + datetime.timedelta(weeks=9, hours=2)


def test_occurrence_move_refuses_an_unknown_original_start(activity, facilitator):
    with pytest.raises(DomainError):
        services.activity_occurrence_move(
            actor=acting(facilitator),
            activity=activity,
            original_start=activity.dtstart + HOUR,
            new_start=activity.dtstart + 2 * HOUR,
        )

    assert not ActivityException.objects.exists()


def test_registration_confirms_until_capacity_then_waits(activity, mailoutbox, django_capture_on_commit_callbacks):
    start = activity.dtstart
    with django_capture_on_commit_callbacks(execute=True):
        first = register(activity, start, "a@example.test")
        second = register(activity, start, "b@example.test")
        third = register(activity, start, "c@example.test")

    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert [m.to for m in mailoutbox] == [["a@example.test"], ["b@example.test"], ["c@example.test"]]
    assert "Coro di quartiere" in mailoutbox[2].subject


def test_registration_twice_with_the_same_email_is_refused(activity):
    register(activity, activity.dtstart, "a@example.test")

    with pytest.raises(Conflict):
        register(activity, activity.dtstart, "A@Example.test ")

    assert Registration.objects.count() == 1


def test_registration_needs_consent(activity):
    with pytest.raises(DomainError) as raised:
        services.registration_create(
            actor=None, activity=activity, start=activity.dtstart, name="A", email="a@example.test", consent=False
        )

    assert raised.value.field == "consent"
    assert not Registration.objects.exists()


def test_registration_for_a_time_the_activity_does_not_happen_is_refused(activity):
    with pytest.raises(DomainError):
        register(activity, activity.dtstart + HOUR, "a@example.test")

    assert not Registration.objects.exists()


def test_registration_for_a_cancelled_occurrence_is_refused(activity, facilitator):
    services.activity_occurrence_cancel(actor=acting(facilitator), activity=activity, original_start=activity.dtstart)

    with pytest.raises(DomainError):
        register(activity, activity.dtstart, "a@example.test")

    assert not Registration.objects.exists()


def test_cancel_promotes_the_first_person_waiting_and_emails_them(
    activity, mailoutbox, django_capture_on_commit_callbacks
):
    start = activity.dtstart
    first = register(activity, start, "a@example.test")
    register(activity, start, "b@example.test")
    waiting = register(activity, start, "c@example.test", name="Carla")
    register(activity, start, "d@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=None, registration=first)

    waiting.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(status="waiting").get().email == "d@example.test"
    assert [m.to for m in mailoutbox] == [["c@example.test"]]
    assert "Carla" in mailoutbox[0].body


def test_cancelling_twice_is_refused(activity):
    registration = register(activity, activity.dtstart, "a@example.test")
    services.registration_cancel(actor=None, registration=registration)

    with pytest.raises(Conflict):
        services.registration_cancel(actor=None, registration=registration)


def test_moved_occurrence_takes_its_registrations_along(activity, facilitator):
    registration = register(activity, activity.dtstart, "a@example.test")
    new_start = activity.dtstart + datetime.timedelta(days=1)

    services.activity_occurrence_move(
        actor=acting(facilitator), activity=activity, original_start=activity.dtstart, new_start=new_start
    )

    registration.refresh_from_db()
    assert registration.occurrence.start == new_start


def test_attendance_and_head_counts_are_idempotent(activity, facilitator):
    start = activity.dtstart
    anna = register(activity, start, "a@example.test", name="Anna")
    register(activity, start, "b@example.test", name="Bruno")

    for _ in range(2):
        services.attendance_record(
            actor=acting(facilitator), activity=activity, start=start, present_registrations=[anna.pk]
        )
        services.head_count_record(
            actor=acting(facilitator),
            activity=activity,
            start=start,
            counts={("65+", "female"): 4, ("6-13", "male"): 0},
        )

    assert [a.name for a in occurrence_attendance(activity=activity, start=start)] == ["Anna"]
    assert occurrence_head_counts(activity=activity, start=start) == {("65+", "female"): 4}
    reach = lab_reach(lab=activity.lab, start=start - HOUR, end=start + HOUR)
    assert (reach.people, reach.named, reach.counted) == (5, 1, 4)


def test_attendance_refuses_someone_not_registered(activity, facilitator):
    with pytest.raises(DomainError):
        services.attendance_record(
            actor=acting(facilitator), activity=activity, start=activity.dtstart, present_registrations=[999]
        )
