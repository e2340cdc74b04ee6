"""Writes for a lab's council (consulta): meetings with their attendees and minutes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import DomainError
from abitare.labs.models import CouncilAttendee, CouncilMeeting, Lab, Place


@transaction.atomic
def council_meeting_record(
    *,
    actor: Membership,
    lab: Lab,
    date: datetime.date,
    place: Place | None = None,
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[tuple[str, str]] = (),
    meeting: CouncilMeeting | None = None,
) -> CouncilMeeting:
    """Record (or, given ``meeting``, rewrite) a council meeting: its agenda, minutes and the
    people who took part with whom they represent. Minutes can only be for a held meeting."""
    people = [(name.strip(), represents.strip()) for name, represents in attendees if name.strip()]
    if minutes.strip() and date > datetime.date.today():
        raise DomainError(_("Minutes can be written only once the meeting has taken place."), field="minutes")
    if meeting is None:
        meeting = CouncilMeeting(lab=lab, recorded_by=actor.user)
    elif meeting.lab_id != lab.pk:
        raise DomainError(_("The meeting belongs to another lab."))
    meeting.date = date
    meeting.place = place
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.full_clean()
    meeting.save()
    meeting.attendees.all().delete()
    CouncilAttendee.objects.bulk_create(
        CouncilAttendee(meeting=meeting, name=name, represents=represents) for name, represents in people
    )
    return meeting
