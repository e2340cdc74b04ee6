"""Support plans (accompagnamento): open and close a plan, goals and their status, meetings with
their sensitive notes, mediation cases between neighbours, referrals to labs and services.

Every service takes the acting membership, checks the record is in its organisation and
territory, validates everything before writing and writes in one transaction, so a refused
request changes nothing. Notes need the sensitive-data permission (``may_read_support_notes``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import Conflict, NotAllowed, ValidationFailed
from abitare.registry.models import Household, HouseholdMember, Person
from abitare.tenancies.models import (
    Goal,
    GoalStatusChange,
    MediationCase,
    MediationNote,
    Meeting,
    MeetingNote,
    Referral,
    SupportPlan,
)
from abitare.tenancies.permissions import SUPPORT, may_read_support_notes
from abitare.tenancies.selectors.support import goal_domains

User = get_user_model()
NOTE_MAX_CHARS = 20_000


@dataclass(frozen=True)
class NewGoal:
    title: str
    domain: Any = None
    target_on: datetime.date | None = None


class _Errors:
    """Collects field errors so every problem is reported at once and nothing is written."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _require_in_scope(actor: Membership, record: Any) -> None:
    if record.organisation_id != actor.organisation_id or not can_see_territory(actor, record.territory.path):
        raise NotAllowed(_("This record belongs to another organisation or territory."))


def _require_notes_permission(actor: Membership, field: str = "note") -> None:
    if not may_read_support_notes(actor):
        raise NotAllowed(_("Writing notes needs the permission to read sensitive data."), field=field)


def _not_future(errors: _Errors, field: str, day: datetime.date | None, today: datetime.date) -> None:
    if day is not None and day > today:
        errors.add(field, _("The date cannot be in the future."))


def _note_text(errors: _Errors, field: str, text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        errors.add(field, _("Write the note."))
    if len(text) > NOTE_MAX_CHARS:
        errors.add(field, _("The note is too long (at most %(max)s characters).") % {"max": NOTE_MAX_CHARS})
    return text


def _key_worker_errors(errors: _Errors, actor: Membership, key_worker: Any, field: str) -> None:
    eligible = Membership.objects.filter(
        user=key_worker, organisation_id=actor.organisation_id, is_active=True, role__in=SUPPORT.roles
    ).exists()
    if key_worker is None or not eligible:
        errors.add(field, _("Choose a case worker of your organisation."))


def key_workers(actor: Membership) -> Any:
    """Users who may be key workers or mediators: active case workers of the actor's organisation."""
    return (
        User.objects.filter(
            memberships__organisation_id=actor.organisation_id,
            memberships__is_active=True,
            memberships__role__in=SUPPORT.roles,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# Plans ------------------------------------------------------------------------------------------


@transaction.atomic
def support_plan_open(
    *,
    actor: Membership,
    household: Household,
    key_worker: Any,
    started_on: datetime.date,
    next_review_on: datetime.date,
    tenancy: Any = None,
    goals: Sequence[NewGoal] = (),
) -> SupportPlan:
    """Open a household's support plan (one open plan per household) with its first goals; the next
    review date puts it on the key worker's work list."""
    _require_in_scope(actor, household)
    today = timezone.localdate()
    errors = _Errors()
    _key_worker_errors(errors, actor, key_worker, "key_worker")
    _not_future(errors, "started_on", started_on, today)
    if next_review_on < started_on:
        errors.add("next_review_on", _("The review comes after the start of the plan."))
    if tenancy is not None and tenancy.household_id != household.pk:
        errors.add("tenancy", _("The tenancy belongs to another household."))
    for index, goal in enumerate(goals):
        _goal_errors(errors, goal, territory=household.territory, prefix=f"goals.{index}.")
    errors.raise_if_any()
    if SupportPlan.objects.filter(household=household, status=SupportPlan.Status.OPEN).exists():
        raise Conflict(_("This household already has an open support plan."), field="household")
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(
                organisation_id=actor.organisation_id,
                territory=household.territory,
                household=household,
                tenancy=tenancy,
                key_worker=key_worker,
                started_on=started_on,
                next_review_on=next_review_on,
            )
    except IntegrityError as error:  # a concurrent request opened one first
        raise Conflict(_("This household already has an open support plan."), field="household") from error
    for goal in goals:
        _goal_create(actor, plan, goal, today)
    return plan


@transaction.atomic
def support_plan_update(
    *, actor: Membership, plan: SupportPlan, key_worker: Any, next_review_on: datetime.date
) -> SupportPlan:
    """Change the key worker or the next review date of an open plan (after a review)."""
    _require_in_scope(actor, plan)
    _require_open(plan)
    errors = _Errors()
    _key_worker_errors(errors, actor, key_worker, "key_worker")
    if next_review_on < plan.started_on:
        errors.add("next_review_on", _("The review comes after the start of the plan."))
    errors.raise_if_any()
    plan.key_worker = key_worker
    plan.next_review_on = next_review_on
    plan.save(update_fields=["key_worker", "next_review_on", "updated_at"])
    return plan


@transaction.atomic
def support_plan_close(
    *, actor: Membership, plan: SupportPlan, closed_on: datetime.date, closing_reason: str
) -> SupportPlan:
    """Close an open plan with its reason; it leaves the work list."""
    _require_in_scope(actor, plan)
    _require_open(plan)
    errors = _Errors()
    _not_future(errors, "closed_on", closed_on, timezone.localdate())
    if closed_on < plan.started_on:
        errors.add("closed_on", _("A plan cannot close before it started."))
    if closing_reason not in SupportPlan.ClosingReason.values:
        errors.add("closing_reason", _("Choose the reason from the list."))
    errors.raise_if_any()
    plan.status = SupportPlan.Status.CLOSED
    plan.closed_on = closed_on
    plan.closing_reason = closing_reason
    plan.next_review_on = None
    plan.save(update_fields=["status", "closed_on", "closing_reason", "next_review_on", "updated_at"])
    return plan


def _require_open(plan: SupportPlan) -> None:
    if not plan.is_open:
        raise Conflict(_("The support plan is closed."), code="plan_closed")


# Goals ------------------------------------------------------------------------------------------


def _goal_errors(errors: _Errors, goal: NewGoal, *, territory: Any, prefix: str = "") -> None:
    if goal.domain is not None and not goal_domains(territory=territory).filter(pk=goal.domain.pk).exists():
        errors.add(f"{prefix}domain", _("Choose a life domain of the assessment instrument in force."))
    if not (goal.title or "").strip():
        errors.add(f"{prefix}title", _("Write the goal."))
    elif len(goal.title.strip()) > Goal._meta.get_field("title").max_length:  # type: ignore[operator]
        errors.add(f"{prefix}title", _("Shorten the goal to at most 200 characters."))


def _goal_create(actor: Membership, plan: SupportPlan, goal: NewGoal, today: datetime.date) -> Goal:
    created = Goal.objects.create(plan=plan, title=goal.title.strip(), domain=goal.domain, target_on=goal.target_on)
    GoalStatusChange.objects.create(
        goal=created, from_status="", to_status=created.status, changed_on=today, changed_by=actor.user
    )
    return created


@transaction.atomic
def goal_add(
    *,
    actor: Membership,
    plan: SupportPlan,
    title: str,
    domain: Any = None,
    target_on: datetime.date | None = None,
) -> Goal:
    """Add a proposed goal to an open plan; its history starts with "proposed"."""
    _require_in_scope(actor, plan)
    _require_open(plan)
    errors = _Errors()
    new = NewGoal(title=title, domain=domain, target_on=target_on)
    _goal_errors(errors, new, territory=plan.territory)
    if target_on is not None and target_on < plan.started_on:
        errors.add("target_on", _("The target date comes after the start of the plan."))
    errors.raise_if_any()
    return _goal_create(actor, plan, new, timezone.localdate())


@transaction.atomic
def goal_change_status(
    *, actor: Membership, goal: Goal, status: str, on: datetime.date | None = None
) -> GoalStatusChange:
    """Move a goal along its allowed transitions (``Goal.TRANSITIONS``) and record the step."""
    plan = goal.plan
    _require_in_scope(actor, plan)
    _require_open(plan)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    day = on or timezone.localdate()
    errors = _Errors()
    _not_future(errors, "on", day, timezone.localdate())
    if status not in Goal.Status.values:
        errors.add("status", _("Choose the status from the list."))
    errors.raise_if_any()
    if not goal.can_move_to(status):
        raise Conflict(
            _("A goal that is %(current)s cannot become %(status)s.")
            % {"current": goal.get_status_display(), "status": Goal.Status(status).label},
            field="status",
        )
    change = GoalStatusChange.objects.create(
        goal=goal, from_status=goal.status, to_status=status, changed_on=day, changed_by=actor.user
    )
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return change


# Meetings and notes -----------------------------------------------------------------------------


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
    _require_in_scope(actor, parent)
    if not parent.is_open:
        raise Conflict(_("The plan or case is closed: no more meetings can be recorded."), code="closed")
    if (note or "").strip():
        _require_notes_permission(actor)
    errors = _Errors()
    _not_future(errors, "held_on", held_on, timezone.localdate())
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
    text = _note_text(errors, "note", note, required=False)
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
    _require_in_scope(actor, parent)
    _require_notes_permission(actor, field="text")
    errors = _Errors()
    clean = _note_text(errors, "text", text, required=True)
    errors.raise_if_any()
    return MeetingNote.objects.create(meeting=meeting, text=clean, written_by=actor.user)


# Mediation cases --------------------------------------------------------------------------------


@transaction.atomic
def mediation_open(
    *,
    actor: Membership,
    territory: Any,
    subject: str,
    opened_on: datetime.date,
    mediator: Any,
    households: Sequence[Household] = (),
    units: Sequence[Any] = (),
    building: Any = None,
    description: str = "",
) -> MediationCase:
    """Open a mediation case between at least two parties (households or units); the description
    of the conflict is a sensitive note, written only by a member who may read notes."""
    if not can_see_territory(actor, territory.path):
        raise NotAllowed(_("You cannot open a case outside your territory."), field="territory")
    for household in households:
        _require_in_scope(actor, household)
    if (description or "").strip():
        _require_notes_permission(actor, field="description")
    errors = _Errors()
    _key_worker_errors(errors, actor, mediator, "mediator")
    _not_future(errors, "opened_on", opened_on, timezone.localdate())
    if subject not in MediationCase.Subject.values:
        errors.add("subject", _("Choose the subject from the list."))
    if len(set(households)) + len(set(units)) < 2:
        errors.add("households", _("A conflict between neighbours involves at least two households or units."))
    buildings = {unit.building_id for unit in units}
    if building is not None:
        if building.organisation_id != actor.organisation_id:
            errors.add("building", _("Choose a building your organisation manages."))
        if buildings - {building.pk}:
            errors.add("units", _("The units must be in the chosen building."))
    if any(unit.building.organisation_id != actor.organisation_id for unit in units):
        errors.add("units", _("Choose units of buildings your organisation manages."))
    text = _note_text(errors, "description", description, required=False)
    errors.raise_if_any()
    case = MediationCase.objects.create(
        organisation_id=actor.organisation_id,
        territory=territory,
        building=building,
        mediator=mediator,
        subject=subject,
        opened_on=opened_on,
    )
    case.households.set(households)
    case.units.set(units)
    if text:
        MediationNote.objects.create(case=case, text=text, written_by=actor.user)
    return case


@transaction.atomic
def mediation_note_add(*, actor: Membership, case: MediationCase, text: str) -> MediationNote:
    """Add a note to a mediation case (sensitive: needs the permission to read sensitive data)."""
    _require_in_scope(actor, case)
    _require_notes_permission(actor, field="text")
    errors = _Errors()
    clean = _note_text(errors, "text", text, required=True)
    errors.raise_if_any()
    return MediationNote.objects.create(case=case, text=clean, written_by=actor.user)


@transaction.atomic
def mediation_close(*, actor: Membership, case: MediationCase, closed_on: datetime.date, outcome: str) -> MediationCase:
    """Close an open case with its outcome; it leaves the work list."""
    _require_in_scope(actor, case)
    if not case.is_open:
        raise Conflict(_("The mediation case is already closed."), code="closed")
    errors = _Errors()
    _not_future(errors, "closed_on", closed_on, timezone.localdate())
    if closed_on < case.opened_on:
        errors.add("closed_on", _("A case cannot close before it was opened."))
    if outcome not in MediationCase.Outcome.values:
        errors.add("outcome", _("Choose the outcome from the list."))
    errors.raise_if_any()
    case.status = MediationCase.Status.CLOSED
    case.closed_on = closed_on
    case.outcome = outcome
    case.save(update_fields=["status", "closed_on", "outcome", "updated_at"])
    return case


# Referrals --------------------------------------------------------------------------------------


def lab_model() -> Any:
    """The labs module's ``Lab`` model, reached through the foreign key (tenancies may not import labs)."""
    return Referral._meta.get_field("lab").related_model


def labs_available(actor: Membership) -> Any:
    """Labs a household can be sent to: published labs in the actor's territory subtree."""
    return (
        lab_model().objects.filter(is_published=True, territory__path__startswith=actor.territory.path).order_by("name")
    )


@transaction.atomic
def referral_send(
    *,
    actor: Membership,
    plan: SupportPlan,
    kind: str,
    sent_on: datetime.date,
    follow_up_on: datetime.date,
    lab: Any = None,
    service_name: str = "",
    service_contact: str = "",
    purpose: str = "",
) -> Referral:
    """Send the household of an open plan to a lab or an external service; the follow-up date puts
    the referral on the work list until its outcome is recorded."""
    _require_in_scope(actor, plan)
    _require_open(plan)
    errors = _Errors()
    _not_future(errors, "sent_on", sent_on, timezone.localdate())
    if follow_up_on < sent_on:
        errors.add("follow_up_on", _("The follow-up comes after the referral is sent."))
    service_name = (service_name or "").strip()
    if kind == Referral.Kind.LAB:
        if lab is None or not labs_available(actor).filter(pk=lab.pk).exists():
            errors.add("lab", _("Choose a lab of your territory."))
        if service_name:
            errors.add("service_name", _("A referral to a lab has no external service."))
    elif kind == Referral.Kind.SERVICE:
        if not service_name:
            errors.add("service_name", _("Write the name of the service."))
        if lab is not None:
            errors.add("lab", _("A referral to an external service has no lab."))
    else:
        errors.add("kind", _("Choose a lab or an external service."))
    errors.raise_if_any()
    return Referral.objects.create(
        plan=plan,
        kind=kind,
        lab=lab if kind == Referral.Kind.LAB else None,
        service_name=service_name if kind == Referral.Kind.SERVICE else "",
        service_contact=(service_contact or "").strip() if kind == Referral.Kind.SERVICE else "",
        purpose=(purpose or "").strip(),
        sent_on=sent_on,
        follow_up_on=follow_up_on,
    )


@transaction.atomic
def referral_record_outcome(
    *, actor: Membership, referral: Referral, status: str, on: datetime.date | None = None
) -> Referral:
    """Record whether the household took the referral up or declined it; it leaves the work list."""
    _require_in_scope(actor, referral.plan)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.SENT:
        raise Conflict(_("The outcome of this referral is already recorded."), field="status")
    day = on or timezone.localdate()
    errors = _Errors()
    if status not in {Referral.Status.TAKEN_UP, Referral.Status.DECLINED}:
        errors.add("status", _("Choose taken up or declined."))
    _not_future(errors, "on", day, timezone.localdate())
    if day < referral.sent_on:
        errors.add("on", _("The outcome comes after the referral was sent."))
    errors.raise_if_any()
    referral.status = status
    referral.outcome_on = day
    referral.save(update_fields=["status", "outcome_on", "updated_at"])
    return referral


@transaction.atomic
def referral_postpone(*, actor: Membership, referral: Referral, follow_up_on: datetime.date) -> Referral:
    """Move the follow-up of a referral still waiting for an answer to a later date."""
    _require_in_scope(actor, referral.plan)
    if referral.status != Referral.Status.SENT:
        raise Conflict(_("The outcome of this referral is already recorded."), field="status")
    if follow_up_on < referral.sent_on:
        raise ValidationFailed({"follow_up_on": [str(_("The follow-up comes after the referral is sent."))]})
    referral.follow_up_on = follow_up_on
    referral.save(update_fields=["follow_up_on", "updated_at"])
    return referral
