"""Facilitators' pages to open and edit labs and places, schedule activities, cancel or move a
date, change a phase and record council meetings; denials change nothing."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from abitare.labs.models import Activity, ActivityException, CouncilMeeting, Lab, Place
from conftest import client_for


def test_facilitator_opens_and_edits_a_lab(facilitator, world, place):
    client = client_for(facilitator)

    created = client.post(
        reverse("labs:lab-create"),
        {
            "name": "Lab Nuovo",
            "kind": "community_lab",
            "territory": world.neighbourhood.pk,
            "main_place": place.pk,
            "tags": "Orto, Musica",
            "is_published": "on",
        },
    )
    lab = Lab.objects.get(name="Lab Nuovo")
    edited = client.post(
        reverse("labs:lab-edit", args=[lab.pk]),
        {"name": "Lab Rinnovato", "kind": "social_lab", "main_place": place.pk, "tags": "Orto"},
    )
    page = client.get(reverse("labs:manage-lab", args=[lab.pk]))

    assert created.status_code == 302
    assert edited.status_code == 302
    lab.refresh_from_db()
    assert (lab.name, lab.kind, lab.is_published) == ("Lab Rinnovato", "social_lab", False)
    assert [t.slug for t in lab.tags.all()] == ["orto"]
    assert page.status_code == 200


def test_phase_change_page_offers_only_allowed_steps(facilitator, lab):
    client = client_for(facilitator)
    url = reverse("labs:lab-phase", args=[lab.pk])

    page = client.get(url)
    saved = client.post(url, {"phase": "activation", "date": timezone.localdate(), "note": "Prime attività"})
    skipped = client.post(url, {"phase": "engagement", "date": "2000-01-01"})

    assert [value for value, _label in page.context["form"].fields["phase"].choices] == ["activation"]
    assert saved.status_code == 302
    assert skipped.status_code == 400
    assert list(lab.phase_changes.values_list("phase_to", "note")) == [
        ("engagement", ""),
        ("activation", "Prime attività"),
    ]


def test_council_meeting_with_attendees_and_minutes(facilitator, lab, place):
    client = client_for(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    created = client.post(
        reverse("labs:council-meeting-create", args=[lab.pk]),
        {
            "date": yesterday,
            "place": place.pk,
            "agenda": "Calendario estivo",
            "attendees": "Maria Rossi; comitato inquilini\nGiorgio Blu\n",
            "minutes": "Approvato il calendario.",
        },
    )
    meeting = CouncilMeeting.objects.get()
    edited = client.post(
        reverse("labs:council-meeting-edit", args=[lab.pk, meeting.pk]),
        {"date": yesterday, "attendees": "Maria Rossi; comitato inquilini", "minutes": "Verbale corretto."},
    )
    future_minutes = client.post(
        reverse("labs:council-meeting-create", args=[lab.pk]),
        {"date": timezone.localdate() + datetime.timedelta(days=5), "minutes": "Scritto prima"},
    )

    assert (created.status_code, edited.status_code, future_minutes.status_code) == (302, 302, 400)
    meeting.refresh_from_db()
    assert meeting.minutes == "Verbale corretto."
    assert list(meeting.attendees.values_list("name", "represents")) == [("Maria Rossi", "comitato inquilini")]
    assert CouncilMeeting.objects.count() == 1


def test_place_create_and_edit_with_opening_hours(facilitator, world, lab):
    client = client_for(facilitator)
    data = {
        "name": "Cortile",
        "territory": world.neighbourhood.pk,
        "street": "Via Corte 3",
        "city": "Comune Alfa",
        "latitude": "43.85",
        "longitude": "10.51",
        "opening_hours": "1 09:00-13:00\n3 15:00-19:00",
    }

    created = client.post(reverse("labs:place-create") + f"?lab={lab.pk}", data)
    place = Place.objects.get(name="Cortile")
    bad = client.post(reverse("labs:place-edit", args=[place.pk]), {**data, "opening_hours": "lunedì mattina"})
    edited = client.post(reverse("labs:place-edit", args=[place.pk]), {**data, "opening_hours": "5 10:00-12:00"})

    assert created.status_code == 302
    assert place in lab.places.all()
    assert bad.status_code == 400
    assert edited.status_code == 302
    assert list(place.opening_hours.values_list("weekday", "opens_at", "closes_at")) == [
        (5, datetime.time(10), datetime.time(12))
    ]


def test_schedule_an_agora_then_cancel_and_move_dates(facilitator, lab, place, other_lab):
    client = client_for(facilitator)
    start = timezone.localtime() + datetime.timedelta(days=3)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)

    created = client.post(
        reverse("labs:activity-create"),
        {
            "lab": lab.pk,
            "kind": "agora",
            "title": "Agorà di primavera",
            "place": place.pk,
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "end": f"{start + datetime.timedelta(hours=3):%Y-%m-%dT%H:%M}",
            "repeat": "weekly",
            "count": "3",
            "audience": "all",
            "is_free": "on",
            "participating_labs": [other_lab.pk],
        },
    )
    activity = Activity.objects.get(title="Agorà di primavera")
    page = client.get(reverse("labs:activity-exception", args=[activity.pk]))
    keys = [key for key, _label in page.context["form"].fields["original_start"].choices]
    cancelled = client.post(
        reverse("labs:activity-exception", args=[activity.pk]), {"original_start": keys[1], "kind": "cancelled"}
    )
    moved_without_date = client.post(
        reverse("labs:activity-exception", args=[activity.pk]), {"original_start": keys[2], "kind": "moved"}
    )

    assert created.status_code == 302
    assert list(activity.participating_labs.all()) == []  # another organisation's lab is invited
    assert list(activity.invitations.values_list("lab", "status")) == [(other_lab.pk, "pending")]
    assert len(keys) == 3
    assert cancelled.status_code == 302
    assert moved_without_date.status_code == 400
    assert list(ActivityException.objects.values_list("kind", flat=True)) == ["cancelled"]


def test_the_repetition_is_picked_in_words_and_stored_as_a_rule(facilitator, lab, place):
    start = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=17, minute=0, second=0, microsecond=0)
    page = client_for(facilitator).get(reverse("labs:activity-create")).content.decode()
    assert "FREQ=" not in page
    assert "Ogni settimana" in page

    response = client_for(facilitator).post(
        reverse("labs:activity-create"),
        {
            "lab": lab.pk,
            "kind": "activity",
            "title": "Coro del martedì e giovedì",
            "place": place.pk,
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "end": f"{start + datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}",
            "repeat": "weekly",
            "weekdays": ["1", "3"],
            "until": f"{start.date() + datetime.timedelta(days=60):%Y-%m-%d}",
            "audience": "all",
        },
    )

    assert response.status_code == 302
    activity = Activity.objects.get(title="Coro del martedì e giovedì")
    assert activity.rrule.startswith("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=")


def test_an_endless_rule_is_refused_in_the_page(facilitator, lab, place):
    start = timezone.localtime() + datetime.timedelta(days=3)

    response = client_for(facilitator).post(
        reverse("labs:activity-create"),
        {
            "lab": lab.pk,
            "kind": "activity",
            "title": "Per sempre",
            "place": place.pk,
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "end": f"{start + datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}",
            "repeat": "weekly",
            "audience": "all",
        },
    )

    assert response.status_code == 400
    assert "quando finisce la ripetizione" in response.text  # the page speaks Italian by default
    assert not Activity.objects.filter(title="Per sempre").exists()


def test_manage_pages_are_denied_and_change_nothing(operator, other_org_facilitator, lab):
    pages = [
        reverse("labs:manage-lab", args=[lab.pk]),
        reverse("labs:lab-edit", args=[lab.pk]),
        reverse("labs:lab-phase", args=[lab.pk]),
        reverse("labs:council-meeting-create", args=[lab.pk]),
    ]
    post = {"phase": "activation", "date": "2030-01-01", "name": "Preso", "kind": "social_lab"}

    for url in pages:
        assert Client().post(url, post).status_code == 302
        assert client_for(operator).post(url, post).status_code == 403
        assert client_for(other_org_facilitator).post(url, post).status_code == 404
    lab.refresh_from_db()
    assert (lab.name, lab.phase) == ("Laboratorio Uno", "engagement")
    assert not CouncilMeeting.objects.exists()
