"""The facilitator's figures: next sessions of the labs, registrations and waiting lists,
attendance still to record, volunteers' hours, help requests without a match."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part
from abitare.labs.selectors import figures as selectors


def facilitation_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    now = timezone.now()
    today = timezone.localdate()
    labs = reverse("labs:manage-lab-list")
    sessions = selectors.next_sessions(actor=actor, now=now)
    first = sessions[0] if sessions else None
    yield Figure(
        key="labs.next_sessions",
        label=_("Sessions in the next 7 days"),
        value=len(sessions),
        url=labs,
        order=60,
        detail=_("Next: %(title)s, %(when)s")
        % {
            "title": first.activity.title,
            "when": formats.date_format(timezone.localtime(first.start), "SHORT_DATETIME_FORMAT"),
        }
        if first
        else "",
    )
    registrations = selectors.registrations_upcoming(actor=actor, now=now)
    yield Figure(
        key="labs.registrations",
        label=_("Registrations for the coming sessions"),
        value=registrations.confirmed + registrations.waiting,
        url=labs,
        order=61,
        detail=_("Trend: registrations made"),
        trend=registrations.trend,
        parts=(
            Part(_("Confirmed"), registrations.confirmed, labs),
            Part(_("Waiting list"), registrations.waiting, labs),
        ),
        severity="warning" if registrations.waiting else "info",
    )
    missing = selectors.attendance_to_record(actor=actor, now=now)
    yield Figure(
        key="labs.attendance_missing",
        label=_("Sessions without attendance recorded"),
        value=len(missing),
        url=labs,
        order=62,
        detail=_("Held in the last 30 days"),
        severity="warning" if missing else "info",
    )
    hours = selectors.volunteer_hours_recent(actor=actor, today=today)
    yield Figure(
        key="labs.volunteer_hours",
        label=_("Volunteers' hours in the last 30 days"),
        value=hours.recent,
        url=reverse("labs:volunteer-list"),
        order=63,
        unit="hours",
        detail=_("%(count)s volunteers; %(earlier)s hours in the 30 days before")
        % {"count": hours.volunteers, "earlier": formats.number_format(hours.earlier)},
    )
    unmatched = selectors.help_requests_unmatched(actor=actor, today=today)
    yield Figure(
        key="labs.help_unmatched",
        label=_("Help requests without a match"),
        value=unmatched.value,
        url=reverse("labs:help-network-list"),
        order=64,
        detail=_("Trend: requests received"),
        trend=unmatched.trend,
        severity="warning" if unmatched.value else "info",
    )
