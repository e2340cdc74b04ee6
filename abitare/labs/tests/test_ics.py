"""The iCalendar feeds round-trip through the icalendar parser with Rome time and exceptions."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from abitare.accounts.testing import acting
from abitare.labs import services


def test_lab_feed_round_trips_with_timezone_rrule_exdate_and_moved_occurrence(activity, facilitator):
    second = activity.dtstart + datetime.timedelta(weeks=1)
    third = activity.dtstart + datetime.timedelta(weeks=2)
    moved_to = third + datetime.timedelta(days=1, hours=-8)
    services.activity_occurrence_cancel(actor=acting(facilitator), activity=activity, original_start=second)
    services.activity_occurrence_move(
        actor=acting(facilitator), activity=activity, original_start=third, new_start=moved_to
    )

    response = Client().get(reverse("labs:lab-feed", args=[activity.lab.slug]))
    calendar = Calendar.from_ical(response.content)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    main, override = calendar.walk("VEVENT")
    assert main["UID"] == override["UID"] == f"activity-{activity.pk}@testserver"
    assert str(main["SUMMARY"]) == "Coro di quartiere"
    start = main.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 0, "Europe/Rome")
    assert start == activity.dtstart
    assert main.decoded("DURATION") == datetime.timedelta(hours=2)
    assert main["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=10"
    assert [d.dt for d in main["EXDATE"].dts] == [second]
    assert override.decoded("RECURRENCE-ID") == third
    assert override.decoded("DTSTART") == moved_to


def test_territory_and_overall_feeds_include_the_activity(activity, other_lab, world):
    client = Client()

    district = Calendar.from_ical(client.get(reverse("labs:territory-feed", args=[world.district.pk])).content)
    elsewhere = Calendar.from_ical(client.get(reverse("labs:territory-feed", args=[world.other_district.pk])).content)
    everything = Calendar.from_ical(client.get(reverse("labs:feed")).content)

    assert [str(e["SUMMARY"]) for e in district.walk("VEVENT")] == ["Coro di quartiere"]
    assert elsewhere.walk("VEVENT") == []
    assert [str(e["SUMMARY"]) for e in everything.walk("VEVENT")] == ["Coro di quartiere"]


def test_cancelled_one_off_activity_is_marked_cancelled(lab, place, facilitator):
    start = datetime.datetime(2030, 5, 4, 10, 0, tzinfo=datetime.UTC)
    one_off = services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Festa",
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=3),
    )
    services.activity_occurrence_cancel(actor=acting(facilitator), activity=one_off, original_start=start)

    calendar = Calendar.from_ical(Client().get(reverse("labs:lab-feed", args=[lab.slug])).content)

    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert "RRULE" not in event


def test_unknown_territory_feed_is_not_found(db):
    assert Client().get(reverse("labs:territory-feed", args=[999999])).status_code == 404
