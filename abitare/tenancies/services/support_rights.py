"""What support plans add to a person's data-subject rights (registered in ``apps.ready()``
through the registry's hooks): a refusal while a plan or a mediation case is open, a section of
the export, and the erasure of free text about households left without members."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.audit import log_reads_by
from abitare.core.models import AccessLogEntry
from abitare.registry.models import HouseholdMember, Person
from abitare.registry.services.releases import ExportContext
from abitare.tenancies.models import (
    Goal,
    MediationCase,
    MediationNote,
    Meeting,
    MeetingNote,
    Referral,
    SupportPlan,
)
from abitare.tenancies.permissions import may_read_support_notes

ERASED = "[erased at the data subject's request]"
EXPORT_PURPOSE = "data-subject export"


def support_erasure_check(person: Person, today: datetime.date) -> str | Promise | None:
    """Keep the record while a household the person belongs to has an open support plan or is a
    party to an open mediation case."""
    household_ids = HouseholdMember.objects.filter(person=person, end_date__isnull=True).values("household_id")
    if SupportPlan.objects.filter(household_id__in=household_ids, status=SupportPlan.Status.OPEN).exists():
        return _("The household has an open support plan: close it before erasing the record.")
    if MediationCase.objects.filter(households__in=household_ids, status=MediationCase.Status.OPEN).exists():
        return _("The household is a party to an open mediation case: close it before erasing the record.")
    return None


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _meeting(meeting: Meeting, notes: dict[int, list[str]] | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "held_on": _iso(meeting.held_on),
        "kind": meeting.get_kind_display(),
        "summary": meeting.summary,
        "other_attendees": meeting.other_attendees,
        "attendees": [str(person) for person in meeting.attendees.all()],
    }
    if notes is not None:
        row["notes"] = notes.get(meeting.pk, [])
    return row


def _log_exported_notes(actor: Membership, records: list[Model]) -> None:
    """The export is read by the actor: each note goes to the access log (channel export)."""
    log_reads_by(actor, records, channel=AccessLogEntry.Channel.EXPORT, purpose=EXPORT_PURPOSE)


def export_support(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """Support plans and mediation cases of the person's households while the person was a member.

    Meeting and mediation notes are household-level: they may speak of the other members (or, for
    a mediation, of the other households). They are written only for a member who may read notes
    (``support_notes_included``) and, of those, only the ones the data protection officer released
    for this person; the others are withheld and counted by the context."""
    include_notes = may_read_support_notes(actor)
    plans = (
        SupportPlan.objects.filter(
            context.spanning("household_id", "started_on", "closed_on"), organisation_id=actor.organisation_id
        )
        .select_related("key_worker")
        .prefetch_related("goals__status_changes", "goals__domain", "referrals__lab", "meetings__attendees")
        .order_by("started_on", "id")
    )
    cases = (
        MediationCase.objects.filter(
            context.spanning("households", "opened_on", "closed_on"), organisation_id=actor.organisation_id
        )
        .distinct()
        .prefetch_related("meetings__attendees", "households")
        .order_by("opened_on", "id")
    )

    def during(meeting: Meeting, household_ids: list[int]) -> bool:
        return any(context.covers(household_id, meeting.held_on) for household_id in household_ids)

    plan_meetings = {
        plan.pk: [meeting for meeting in plan.meetings.all() if during(meeting, [plan.household_id])] for plan in plans
    }
    case_households = {case.pk: [household.pk for household in case.households.all()] for case in cases}
    case_meetings = {
        case.pk: [meeting for meeting in case.meetings.all() if during(meeting, case_households[case.pk])]
        for case in cases
    }
    meeting_notes: dict[int, list[str]] | None = None
    case_notes: dict[int, list[str]] | None = None
    if include_notes:
        meeting_ids = [meeting.pk for group in (*plan_meetings.values(), *case_meetings.values()) for meeting in group]
        meeting_notes, case_notes = {}, {}
        released: list[Model] = []
        for note in MeetingNote.objects.filter(meeting_id__in=meeting_ids).order_by("created_at", "id"):
            if (text := context.note(note)) is not None:
                meeting_notes.setdefault(note.meeting_id, []).append(text)
                released.append(note)
        for description in MediationNote.objects.filter(case__in=cases).order_by("created_at", "id"):
            if (text := context.note(description)) is not None:
                case_notes.setdefault(description.case_id, []).append(text)
                released.append(description)
        _log_exported_notes(actor, released)
    data: dict[str, Any] = {
        "support_notes_included": include_notes,
        "plans": [
            {
                "household": plan.household_id,
                "started_on": _iso(plan.started_on),
                "status": plan.get_status_display(),
                "next_review_on": _iso(plan.next_review_on),
                "closed_on": _iso(plan.closed_on),
                "closing_reason": plan.get_closing_reason_display(),
                "key_worker": plan.key_worker.get_full_name() or plan.key_worker.get_username(),
                "goals": [
                    {
                        "title": goal.title,
                        "domain": goal.domain.code if goal.domain else None,
                        "status": goal.get_status_display(),
                        "target_on": _iso(goal.target_on),
                        "history": [
                            {"on": _iso(change.changed_on), "from": change.from_status, "to": change.to_status}
                            for change in goal.status_changes.all()
                        ],
                    }
                    for goal in plan.goals.all()
                ],
                "meetings": [_meeting(meeting, meeting_notes) for meeting in plan_meetings[plan.pk]],
                "referrals": [
                    {
                        "to": str(referral),
                        "kind": referral.get_kind_display(),
                        "purpose": context.note(referral, "purpose"),
                        "sent_on": _iso(referral.sent_on),
                        "status": referral.get_status_display(),
                        "follow_up_on": _iso(referral.follow_up_on),
                    }
                    for referral in plan.referrals.all()
                ],
            }
            for plan in plans
        ],
        "mediation_cases": [
            {
                "subject": case.get_subject_display(),
                "opened_on": _iso(case.opened_on),
                "status": case.get_status_display(),
                "closed_on": _iso(case.closed_on),
                "outcome": case.get_outcome_display(),
                "meetings": [_meeting(meeting, meeting_notes) for meeting in case_meetings[case.pk]],
                **({"notes": case_notes.get(case.pk, [])} if case_notes is not None else {}),
            }
            for case in cases
        ],
    }
    return "support", data


def _purge_history(model: Any, **filters: Any) -> None:
    model.history.model.objects.filter(**filters).delete()


def erase_support_text(household_ids: list[int]) -> None:
    """Households left without members: their plans keep dates, statuses and domains (statistics)
    but lose every free text; notes are deleted with their history, like the registry's sensitive
    records. A mediation case's notes speak of every party, so they go when no party has members left."""
    if not household_ids:
        return
    plan_ids = list(SupportPlan.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    case_ids = [
        case.pk
        for case in MediationCase.objects.filter(households__in=household_ids).distinct().prefetch_related("households")
        if not HouseholdMember.objects.filter(household__in=case.households.all()).exists()
    ]
    meeting_ids = list(Meeting.objects.filter(plan_id__in=plan_ids).values_list("id", flat=True)) + list(
        Meeting.objects.filter(mediation_id__in=case_ids).values_list("id", flat=True)
    )
    MeetingNote.objects.filter(meeting_id__in=meeting_ids).delete()
    _purge_history(MeetingNote, meeting_id__in=meeting_ids)
    MediationNote.objects.filter(case_id__in=case_ids).delete()
    _purge_history(MediationNote, case_id__in=case_ids)
    for model in (Meeting, Meeting.history.model):
        model.objects.filter(id__in=meeting_ids).update(summary=ERASED, other_attendees="")
    for model in (Goal, Goal.history.model):
        model.objects.filter(plan_id__in=plan_ids).update(title=ERASED)
    for model in (Referral, Referral.history.model):
        model.objects.filter(plan_id__in=plan_ids).update(purpose="", service_contact="")
