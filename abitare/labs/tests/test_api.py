"""The labs REST API: scoped reads, POSTs through the services, denials that change nothing, and
a public occurrence list that never shows a registration."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from abitare.accounts.testing import acting
from abitare.core.models import AccessLogEntry
from abitare.labs import services
from abitare.labs.models import (
    Activity,
    ActivityException,
    Attendance,
    HeadCount,
    HelpNetwork,
    HelpOffer,
    HelpRequest,
    Lab,
    Registration,
    Volunteer,
    VolunteerHours,
)
from abitare.labs.recurrence import ROME
from conftest import client_for

API = "/api/v1/"


@pytest.fixture
def registered(activity):
    return services.registration_create(
        actor=None, activity=activity, start=activity.dtstart, name="Anna Bianchi", email="a@example.test", consent=True
    )


def test_public_occurrences_list_dates_without_personal_data(activity, registered):
    response = Client().get(f"{API}lab-occurrences/", {"from": activity.dtstart.date().isoformat()})

    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 4
    assert rows[0]["title"] == "Coro di quartiere"
    assert rows[0]["start"] == activity.dtstart.isoformat()
    assert "Anna" not in response.text
    assert "a@example.test" not in response.text


def test_public_occurrences_refuse_a_window_too_long_or_backwards():
    too_long = Client().get(f"{API}lab-occurrences/", {"from": "2026-01-01", "to": "2027-06-01"})
    backwards = Client().get(f"{API}lab-occurrences/", {"from": "2026-02-01", "to": "2026-01-01"})

    assert too_long.status_code == 400
    assert backwards.json()["error"]["fields"] == {"to": ["La fine deve essere successiva all'inizio."]}


def test_facilitator_lists_only_their_labs(facilitator, lab, other_lab):
    response = client_for(facilitator).get(f"{API}labs/")

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Laboratorio Uno"]
    assert response.json()["results"][0]["tags"] == ["musica"]


def test_facilitator_opens_a_lab_and_changes_its_phase(facilitator, world, place):
    client = client_for(facilitator)

    created = client.post(
        f"{API}labs/",
        {"name": "Lab Due", "kind": "community_lab", "territory": world.neighbourhood.pk, "main_place": place.pk},
        content_type="application/json",
    )
    pk = created.json()["id"]
    today = timezone.localdate().isoformat()
    moved = client.post(
        f"{API}labs/{pk}/phase/", {"phase": "activation", "date": today}, content_type="application/json"
    )
    before = client.post(
        f"{API}labs/{pk}/phase/", {"phase": "maintenance", "date": "2000-01-01"}, content_type="application/json"
    )

    assert created.status_code == 201
    assert moved.status_code == 200
    assert [c["phase_to"] for c in moved.json()["phase_changes"]] == ["engagement", "activation"]
    assert before.status_code == 400
    assert before.json()["error"]["fields"] == {
        "date": ["Il cambiamento non può avere una data precedente a quella del cambiamento precedente."]
    }
    assert Lab.objects.get(pk=pk).places.count() == 1


def test_phase_change_that_skips_a_step_is_a_conflict(facilitator, lab):
    response = client_for(facilitator).post(
        f"{API}labs/{lab.pk}/phase/",
        {"phase": "maintenance", "date": timezone.localdate().isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert Lab.objects.get(pk=lab.pk).phase == "engagement"


def test_facilitator_schedules_an_activity_and_reads_its_occurrences(facilitator, lab, place):
    client = client_for(facilitator)
    start = datetime.datetime(2027, 3, 2, 18, tzinfo=ROME)

    created = client.post(
        f"{API}lab-activities/",
        {
            "lab": lab.pk,
            "title": "Teatro",
            "place": place.pk,
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(hours=2)).isoformat(),
            "rrule": "FREQ=WEEKLY;COUNT=6",
            "tags": ["Teatro"],
        },
        content_type="application/json",
    )
    pk = created.json()["id"]
    dates = client.get(f"{API}lab-activities/{pk}/occurrences/", {"from": "2027-03-01", "to": "2027-04-30"})

    assert created.status_code == 201
    # 29 March is after the change to summer time: still 18:00 in Rome.
    assert [row["start"] for row in dates.json()][-3:] == [
        "2027-03-23T18:00:00+01:00",
        "2027-03-30T18:00:00+02:00",
        "2027-04-06T18:00:00+02:00",
    ]


def test_activity_with_an_endless_rule_or_end_before_start_is_refused(facilitator, lab, place):
    client = client_for(facilitator)
    start = datetime.datetime(2027, 3, 2, 18, tzinfo=ROME)
    base = {"lab": lab.pk, "title": "X", "place": place.pk, "start": start.isoformat()}

    endless = client.post(
        f"{API}lab-activities/",
        {**base, "end": (start + datetime.timedelta(hours=1)).isoformat(), "rrule": "FREQ=WEEKLY"},
        content_type="application/json",
    )
    backwards = client.post(
        f"{API}lab-activities/", {**base, "end": start.isoformat()}, content_type="application/json"
    )

    assert endless.status_code == 400
    assert list(endless.json()["error"]["fields"]) == ["rrule"]
    assert backwards.status_code == 400
    assert not Activity.objects.filter(title="X").exists()


def test_double_booking_of_a_place_is_a_conflict(facilitator, activity, lab, place):
    response = client_for(facilitator).post(
        f"{API}lab-activities/",
        {
            "lab": lab.pk,
            "title": "Sovrapposta",
            "place": place.pk,
            "start": activity.dtstart.isoformat(),
            "end": (activity.dtstart + datetime.timedelta(minutes=30)).isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["error"]["fields"]["place"]
    assert not Activity.objects.filter(title="Sovrapposta").exists()


def test_cancel_and_move_an_occurrence(facilitator, activity):
    client = client_for(facilitator)
    second = activity.dtstart + datetime.timedelta(weeks=1)
    third = activity.dtstart + datetime.timedelta(weeks=2)

    cancelled = client.post(
        f"{API}lab-activities/{activity.pk}/exceptions/",
        {"original_start": second.isoformat(), "kind": "cancelled"},
        content_type="application/json",
    )
    moved = client.post(
        f"{API}lab-activities/{activity.pk}/exceptions/",
        {
            "original_start": third.isoformat(),
            "kind": "moved",
            "new_start": (third + datetime.timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )

    assert (cancelled.status_code, moved.status_code) == (201, 201)
    assert sorted(ActivityException.objects.values_list("kind", flat=True)) == ["cancelled", "moved"]


def test_registrations_are_scoped_and_logged(facilitator, other_org_facilitator, registered):
    mine = client_for(facilitator).get(f"{API}lab-registrations/")
    theirs = client_for(other_org_facilitator).get(f"{API}lab-registrations/")

    assert [row["name"] for row in mine.json()["results"]] == ["Anna Bianchi"]
    assert theirs.json()["results"] == []
    assert AccessLogEntry.objects.filter(record_type="labs.registration", record_id=str(registered.pk)).count() == 1


def test_facilitator_registers_a_person_and_the_next_waits(facilitator, activity):
    client = client_for(facilitator)
    data = {"activity": activity.pk, "start": activity.dtstart.isoformat(), "consent": True}

    statuses = [
        client.post(
            f"{API}lab-registrations/",
            {**data, "name": f"P{i}", "email": f"p{i}@example.test"},
            content_type="application/json",
        ).json()["status"]
        for i in range(3)
    ]
    again = client.post(
        f"{API}lab-registrations/", {**data, "name": "P0", "email": "p0@example.test"}, content_type="application/json"
    )
    first = Registration.objects.get(email="p0@example.test")
    cancel = client.post(f"{API}lab-registrations/{first.pk}/cancel/")

    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert again.status_code == 409
    assert cancel.json()["status"] == "cancelled"
    assert Registration.objects.get(email="p2@example.test").status == "confirmed"


def test_attendance_and_head_counts_through_the_api(facilitator, activity, registered):
    client = client_for(facilitator)
    start = activity.dtstart.isoformat()

    attendance = client.post(
        f"{API}lab-activities/{activity.pk}/attendance/",
        {"start": start, "present_registrations": [registered.pk], "walk_ins": [{"name": "Marco", "first_time": True}]},
        content_type="application/json",
    )
    counts = client.post(
        f"{API}lab-activities/{activity.pk}/head-counts/",
        {"start": start, "counts": [{"age_band": "65+", "sex": "female", "count": 4}]},
        content_type="application/json",
    )
    read = client.get(f"{API}lab-activities/{activity.pk}/head-counts/", {"start": start})
    reach = client.get(f"{API}labs/{activity.lab_id}/reach/", {"from": "2000-01-01", "to": "2000-12-31"})
    reach_now = client.get(
        f"{API}labs/{activity.lab_id}/reach/",
        {
            "from": activity.dtstart.date().isoformat(),
            "to": (activity.dtstart + datetime.timedelta(days=1)).date().isoformat(),
        },
    )

    assert attendance.status_code == 200
    assert [row["name"] for row in attendance.json()] == ["Anna Bianchi", "Marco"]
    assert counts.json() == [{"age_band": "65+", "sex": "female", "count": 4}]
    assert read.json() == [{"age_band": "65+", "sex": "female", "count": 4}]
    assert reach.json()["people"] == 0
    assert reach_now.json() == {
        "people": 6,
        "named": 2,
        "counted": 4,
        "first_time": 1,
        "first_time_known": 1,
        "first_time_share": 1.0,
    }


def test_volunteers_filtered_by_skill_and_weekday_and_hours_recorded(facilitator, lab):
    client = client_for(facilitator)
    created = client.post(
        f"{API}volunteers/",
        {
            "labs": [lab.pk],
            "name": "Lucia",
            "email": "l@example.test",
            "skills": "cucina, chitarra",
            "weekdays": [1, 3],
            "consent": True,
        },
        content_type="application/json",
    )
    pk = created.json()["id"]

    guitar = client.get(f"{API}volunteers/", {"skill": "chitarra", "weekday": 3})
    monday = client.get(f"{API}volunteers/", {"weekday": 0})
    hours = client.post(
        f"{API}volunteers/{pk}/hours/",
        {"lab": lab.pk, "date": "2026-01-10", "hours": "2.5"},
        content_type="application/json",
    )
    too_many = client.post(
        f"{API}volunteers/{pk}/hours/",
        {"lab": lab.pk, "date": "2026-01-10", "hours": "22"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert [row["name"] for row in guitar.json()["results"]] == ["Lucia"]
    assert monday.json()["results"] == []
    assert hours.status_code == 201
    assert too_many.status_code == 400
    assert list(VolunteerHours.objects.values_list("hours", flat=True)) == [pytest.approx(2.5)]


def test_help_network_offers_requests_and_matching(facilitator, world, lab):
    client = client_for(facilitator)
    network = client.post(
        f"{API}help-networks/",
        {"name": "Spesa insieme", "kind": "shared_shopping", "territory": world.municipality.pk, "lab": lab.pk},
        content_type="application/json",
    ).json()
    need = {"kind": "shared_shopping", "neighbourhood": world.neighbourhood.pk, "description": "Spesa"}
    member = client.post(
        f"{API}help-networks/{network['id']}/members/",
        {"name": "Rosa", "neighbourhood": world.neighbourhood.pk, "consent": True},
        content_type="application/json",
    )
    offer = client.post(
        f"{API}help-networks/{network['id']}/offers/",
        {**need, "person_name": "Rosa", "weekdays": [1, 2], "time_from": "09:00", "time_to": "12:00"},
        content_type="application/json",
    ).json()
    client.post(
        f"{API}help-networks/{network['id']}/offers/",
        {**need, "person_name": "Sera", "weekdays": [1], "time_from": "18:00", "time_to": "20:00"},
        content_type="application/json",
    )
    request = client.post(
        f"{API}help-networks/{network['id']}/requests/",
        {**need, "person_name": "Gino", "weekdays": [2], "time_from": "10:00", "time_to": "11:00"},
        content_type="application/json",
    ).json()

    matches = client.get(f"{API}help-requests/{request['id']}/matches/")
    paired = client.post(
        f"{API}help-requests/{request['id']}/matches/", {"offer": offer["id"]}, content_type="application/json"
    )
    again = client.post(
        f"{API}help-requests/{request['id']}/matches/", {"offer": offer["id"]}, content_type="application/json"
    )

    assert member.status_code == 201
    assert [row["offer"]["person_name"] for row in matches.json()] == ["Rosa"]
    assert matches.json()[0]["shared_minutes"] == 60
    assert paired.json()["status"] == "matched"
    assert again.status_code == 409
    assert client.get(f"{API}help-networks/").json()["results"][0]["member_count"] == 1


def test_neighbourhood_outside_the_network_is_refused(facilitator, world):
    network = services.help_network_create(
        actor=acting(facilitator),
        name="Rete",
        kind="swap",
        organisation=world.organisation,
        territory=world.neighbourhood,
    )

    response = client_for(facilitator).post(
        f"{API}help-networks/{network.pk}/offers/",
        {"kind": "swap", "neighbourhood": world.municipality.pk, "description": "x", "person_name": "A"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["neighbourhood"]
    assert not HelpOffer.objects.exists()


# Denials ------------------------------------------------------------------------------------

STAFF_GETS = ["labs/", "lab-places/", "lab-activities/", "lab-registrations/", "volunteers/", "help-networks/"]


@pytest.mark.parametrize("path", STAFF_GETS)
def test_anonymous_gets_401_on_staff_endpoints(path, registered):
    assert Client().get(f"{API}{path}").status_code == 401


@pytest.mark.parametrize("path", STAFF_GETS)
def test_wrong_role_gets_403(path, operator, registered):
    assert client_for(operator).get(f"{API}{path}").status_code == 403


def test_denied_writes_change_nothing(operator, other_org_facilitator, activity, registered, lab):
    start = activity.dtstart.isoformat()
    counts = {"start": start, "counts": [{"age_band": "65+", "sex": "female", "count": 4}]}

    anonymous = Client().post(
        f"{API}lab-activities/{activity.pk}/head-counts/", counts, content_type="application/json"
    )
    wrong_role = client_for(operator).post(
        f"{API}lab-activities/{activity.pk}/head-counts/", counts, content_type="application/json"
    )
    other_org = client_for(other_org_facilitator).post(
        f"{API}lab-activities/{activity.pk}/head-counts/", counts, content_type="application/json"
    )
    other_cancel = client_for(other_org_facilitator).post(f"{API}lab-registrations/{registered.pk}/cancel/")
    other_volunteer = client_for(other_org_facilitator).post(
        f"{API}volunteers/",
        {"labs": [lab.pk], "name": "X", "email": "x@example.test", "consent": True},
        content_type="application/json",
    )

    assert (anonymous.status_code, wrong_role.status_code, other_org.status_code) == (401, 403, 404)
    assert other_cancel.status_code == 404
    assert other_volunteer.status_code == 400
    assert not HeadCount.objects.exists()
    assert not Attendance.objects.exists()
    assert not Volunteer.objects.exists()
    assert not HelpNetwork.objects.exists()
    assert not HelpRequest.objects.exists()
    assert Registration.objects.get(pk=registered.pk).status == "confirmed"


def test_other_organisation_reads_nothing_of_the_lab(other_org_facilitator, activity):
    client = client_for(other_org_facilitator)

    assert client.get(f"{API}labs/{activity.lab_id}/").status_code == 404
    assert client.get(f"{API}lab-activities/{activity.pk}/").status_code == 404
    assert (
        client.get(
            f"{API}lab-activities/{activity.pk}/attendance/", {"start": activity.dtstart.isoformat()}
        ).status_code
        == 404
    )
