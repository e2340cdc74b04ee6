"""Meetings of a support plan or a mediation case, and their sensitive notes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, ValidationFailed
from abitare.registry.models import HouseholdMember, Person
from abitare.tenancies.models import MediationCase, Meeting, MeetingNote, SupportPlan
from abitare.tenancies.services.support._checks import (
    Errors,
    not_future,
    note_text,
    require_in_scope,
    require_notes_permission,
)


def _eligible_attendees(plan: SupportPlan | None, case: MediationCase | None) -> set[int]:
    household_ids: Any
    if plan is not None:
        household_ids = [plan.household_id]
    else:
        assert case is not None
        household_ids = case.households.values("id")
    return set(HouseholdMember.objects.filter(household_id__in=household_ids).values_list("person_id", flat=True))


@transaction.atomic
def meeting_record(
    *,
    actor: Membership,
    held_on: datetime.date,
    summary: str,
    plan: SupportPlan | None = None,
    mediation: MediationCase | None = None,
    kind: str = Meeting.Kind.INTERVIEW,
    attendees: Sequence[Person] = (),
    other_attendees: str = "",
    note: str = "",
) -> Meeting:
    """Record a meeting of an open plan or mediation case, with who attended and a non-sensitive
    summary; an optional note (sensitive) is saved with it, only by a member who may read notes."""
    if (plan is None) == (mediation is None):
        raise ValidationFailed({"non_field_errors": [str(_("A meeting belongs to a plan or to a mediation case."))]})
    parent: SupportPlan | MediationCase = plan if plan is not None else mediation  # type: ignore[assignment]
    require_in_scope(actor, parent)
    if not parent.is_open:
        raise Conflict(_("The plan or case is closed: no more meetings can be recorded."), code="closed")
    if (note or "").strip():
        require_notes_permission(actor)
    errors = Errors()
    not_future(errors, "held_on", held_on, timezone.localdate())
    started = plan.started_on if plan is not None else parent.opened_on  # type: ignore[union-attr]
    if held_on is not None and held_on < started:
        errors.add("held_on", _("The meeting cannot come before the plan or case started."))
    if kind not in Meeting.Kind.values:
        errors.add("kind", _("Choose the kind from the list."))
    summary = (summary or "").strip()
    if not summary:
        errors.add("summary", _("Write a short summary, e.g. interview held."))
    eligible = _eligible_attendees(plan, mediation)
    if any(person.pk not in eligible for person in attendees):
        errors.add("attendees", _("Only members of the households involved can be listed as attending."))
    text = note_text(errors, "note", note, required=False)
    errors.raise_if_any()
    meeting = Meeting.objects.create(
        plan=plan,
        mediation=mediation,
        held_on=held_on,
        kind=kind,
        other_attendees=other_attendees.strip(),
        summary=summary,
        recorded_by=actor.user,
    )
    meeting.attendees.set(attendees)
    if text:
        MeetingNote.objects.create(meeting=meeting, text=text, written_by=actor.user)
    return meeting


@transaction.atomic
def meeting_note_add(*, actor: Membership, meeting: Meeting, text: str) -> MeetingNote:
    """Add a note to a meeting (sensitive: needs the permission to read sensitive data)."""
    parent = meeting.plan or meeting.mediation
    require_in_scope(actor, parent)
    require_notes_permission(actor, field="text")
    errors = Errors()
    clean = note_text(errors, "text", text, required=True)
    errors.raise_if_any()
    return MeetingNote.objects.create(meeting=meeting, text=clean, written_by=actor.user)
