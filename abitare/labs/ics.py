"""iCalendar (RFC 5545) feeds of activities that a phone calendar can subscribe to.

Each activity is one VEVENT with its RRULE in Europe/Rome time (a compact VTIMEZONE with the
EU daylight-saving rules is included); a cancelled occurrence is an EXDATE, a moved one a
second VEVENT with the same UID and a RECURRENCE-ID, as RFC 5545 section 3.8.4.4 describes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from abitare.labs.models import Activity, ActivityException
from abitare.labs.recurrence import to_rome


def rome_timezone() -> Timezone:
    """Europe/Rome with the EU rules in force since 1996 (last Sunday of March / October)."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/Rome")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime.datetime(1981, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def _event(activity: Activity, uid: str, stamp: datetime.datetime, base_url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", activity.title)
    if activity.description:
        event.add("description", activity.description)
    event.add("location", f"{activity.place.name}, {activity.place.address}")
    event.add("duration", activity.duration)
    event.add("url", f"{base_url}{activity.lab.slug}/")
    event.add("categories", [activity.lab.name])
    return event


def calendar_for(
    activities: Iterable[Activity], *, name: str, base_url: str, host: str, now: datetime.datetime
) -> Calendar:
    """A calendar of ``activities`` (``exceptions``, ``lab`` and ``place`` should be prefetched)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Abitare//Community labs//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Rome")
    calendar.add_component(rome_timezone())
    for activity in activities:
        uid = f"activity-{activity.pk}@{host}"
        event = _event(activity, uid, now, base_url)
        exceptions = list(activity.exceptions.all())
        if not activity.rrule:
            # A one-off activity carries its change directly.
            change = exceptions[0] if exceptions else None
            moved_to = change.new_start if change is not None else None
            event.add("dtstart", to_rome(moved_to or activity.dtstart))
            if change is not None and change.kind == ActivityException.Kind.CANCELLED:
                event.add("status", "CANCELLED")
            calendar.add_component(event)
            continue
        event.add("dtstart", to_rome(activity.dtstart))
        event.add("rrule", vRecur.from_ical(activity.rrule))
        cancelled = [to_rome(e.original_start) for e in exceptions if e.kind == ActivityException.Kind.CANCELLED]
        if cancelled:
            event.add("exdate", cancelled)
        calendar.add_component(event)
        for moved in exceptions:
            if moved.kind != ActivityException.Kind.MOVED or moved.new_start is None:
                continue
            override = _event(activity, uid, now, base_url)
            override.add("recurrence-id", to_rome(moved.original_start))
            override.add("dtstart", to_rome(moved.new_start))
            calendar.add_component(override)
    return calendar


def occurrence_calendar(
    activity: Activity,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    base_url: str,
    host: str,
    now: datetime.datetime,
) -> Calendar:
    """One date of an activity as a calendar file: "add to my calendar" on a phone or a PC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Abitare//Community labs//IT")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(rome_timezone())
    event = _event(activity, f"activity-{activity.pk}-{start:%Y%m%dT%H%M%S}@{host}", now, base_url)
    event.pop("duration")
    event.add("dtstart", to_rome(start))
    event.add("dtend", to_rome(end))
    calendar.add_component(event)
    return calendar
