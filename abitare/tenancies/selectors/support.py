"""Reads of support plans and mediation cases, scoped to the membership's organisation and
territory subtree. The sensitive notes are read only here, through ``meeting_notes`` and
``mediation_notes``, which answer ``None`` (not an empty list) to a member without the
sensitive-data permission: pages and API show nothing, not even a count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import scope
from abitare.assessments.models import Domain
from abitare.assessments.selectors import instrument_in_force
from abitare.core.exceptions import DomainError
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
from abitare.tenancies.models.tenancy import Tenancy
from abitare.tenancies.permissions import may_read_support_notes

REVIEW_HORIZON_DAYS = 14
REFERRAL_HORIZON_DAYS = 0
MEDIATION_QUIET_DAYS = 30


@dataclass(frozen=True)
class PlanFilters:
    status: str = SupportPlan.Status.OPEN
    q: str = ""
    mine: bool = False
    review_due: bool = False

    @classmethod
    def from_query(cls, query: Any) -> PlanFilters:
        status = (query.get("status") or SupportPlan.Status.OPEN).strip()
        return cls(
            status=status if status in {*SupportPlan.Status.values, "all"} else SupportPlan.Status.OPEN,
            q=(query.get("q") or "").strip()[:100],
            mine=(query.get("mine") or "") in {"1", "true", "on"},
            review_due=(query.get("review_due") or "") in {"1", "true", "on"},
        )


def support_plan_list(
    *, actor: Membership | None, filters: PlanFilters | None = None, user: Any = None
) -> QuerySet[SupportPlan]:
    """Plans of the membership's organisation and territory, filtered by status, household name,
    the user's own plans and reviews due within 14 days."""
    plans = scope(SupportPlan.objects.select_related("household", "territory", "key_worker"), actor)
    filters = filters or PlanFilters()
    if filters.status != "all":
        plans = plans.filter(status=filters.status)
    if filters.q:
        plans = plans.filter(household__name__icontains=filters.q)
    if filters.mine and user is not None:
        plans = plans.filter(key_worker=user)
    if filters.review_due:
        horizon = timezone.localdate() + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
        plans = plans.filter(status=SupportPlan.Status.OPEN, next_review_on__lte=horizon)
    return plans.order_by("next_review_on", "-started_on", "id")


def support_plan_get(*, actor: Membership | None, pk: Any) -> SupportPlan:
    """One plan in scope with its goals (and their history) and referrals; 404 outside the scope."""
    plan = (
        scope(SupportPlan.objects.select_related("household", "territory", "key_worker", "tenancy"), actor)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("domain").prefetch_related(
                    Prefetch("status_changes", queryset=GoalStatusChange.objects.select_related("changed_by"))
                ),
            ),
            Prefetch("referrals", queryset=Referral.objects.select_related("lab")),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def tenancy_active_of(*, household: Any) -> Tenancy | None:
    """The household's active tenancy, linked to a new plan when there is one."""
    return Tenancy.objects.filter(household=household, status=Tenancy.Status.ACTIVE).first()


def plan_meetings(*, plan: SupportPlan) -> QuerySet[Meeting]:
    return plan.meetings.select_related("recorded_by").prefetch_related("attendees")


def case_meetings(*, case: MediationCase) -> QuerySet[Meeting]:
    return case.meetings.select_related("recorded_by").prefetch_related("attendees")


def _plan_scope(actor: Membership | None, prefix: str) -> Q:
    if actor is None:
        return Q(pk__in=[])
    return Q(
        **{
            f"{prefix}organisation_id": actor.organisation_id,
            f"{prefix}territory__path__startswith": actor.territory.path,
        }
    )


def goal_get(*, actor: Membership | None, pk: Any) -> Goal:
    goal = Goal.objects.select_related("plan__territory", "domain").filter(_plan_scope(actor, "plan__"), pk=pk)
    found = goal.first()
    if found is None:
        raise Http404
    return found


def referral_get(*, actor: Membership | None, pk: Any) -> Referral:
    found = (
        Referral.objects.select_related("plan__territory", "plan__household", "lab")
        .filter(_plan_scope(actor, "plan__"), pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def meeting_get(*, actor: Membership | None, pk: Any) -> Meeting:
    found = (
        Meeting.objects.select_related("plan__territory", "mediation__territory")
        .filter(Q(_plan_scope(actor, "plan__")) | Q(_plan_scope(actor, "mediation__")), pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def meeting_notes(*, actor: Membership | None, meetings: list[Meeting]) -> dict[int, list[MeetingNote]] | None:
    """The notes of these meetings by meeting id, or ``None`` for a member who may not read them.
    The caller logs the read (``log_reads``) of every note it shows."""
    if not may_read_support_notes(actor):
        return None
    notes: dict[int, list[MeetingNote]] = {meeting.pk: [] for meeting in meetings}
    for note in MeetingNote.objects.filter(meeting_id__in=list(notes)).select_related("written_by"):
        notes[note.meeting_id].append(note)
    return notes


def mediation_notes(*, actor: Membership | None, case: MediationCase) -> list[MediationNote] | None:
    """The notes of a case (the first is the description of the conflict), or ``None`` for a member
    who may not read them. The caller logs the read."""
    if not may_read_support_notes(actor):
        return None
    return list(MediationNote.objects.filter(case=case).select_related("written_by"))


@dataclass(frozen=True)
class MediationFilters:
    status: str = MediationCase.Status.OPEN
    mine: bool = False

    @classmethod
    def from_query(cls, query: Any) -> MediationFilters:
        status = (query.get("status") or MediationCase.Status.OPEN).strip()
        return cls(
            status=status if status in {*MediationCase.Status.values, "all"} else MediationCase.Status.OPEN,
            mine=(query.get("mine") or "") in {"1", "true", "on"},
        )


def mediation_list(
    *, actor: Membership | None, filters: MediationFilters | None = None, user: Any = None
) -> QuerySet[MediationCase]:
    cases = scope(MediationCase.objects.select_related("territory", "building", "mediator"), actor).annotate(
        last_meeting_on=Max("meetings__held_on")
    )
    filters = filters or MediationFilters()
    if filters.status != "all":
        cases = cases.filter(status=filters.status)
    if filters.mine and user is not None:
        cases = cases.filter(mediator=user)
    return cases.order_by("-opened_on", "-id")


def mediation_get(*, actor: Membership | None, pk: Any) -> MediationCase:
    case = (
        scope(MediationCase.objects.select_related("territory", "building", "mediator"), actor)
        .prefetch_related("households", "units__building")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def goal_domains(*, territory: Any, on: datetime.date | None = None) -> QuerySet[Domain]:
    """The life domains of the assessment instrument in force for the territory (none without one)."""
    try:
        instrument = instrument_in_force(territory=territory, on=on or timezone.localdate())
    except DomainError:
        return Domain.objects.none()
    return Domain.objects.filter(instrument=instrument).order_by("axis", "order", "id")


# Work list --------------------------------------------------------------------------------------


def _own(queryset: QuerySet[Any], actor: Membership | None, field: str, user: Any) -> QuerySet[Any]:
    """Case workers see their own items; coordinators every item in their scope."""
    if actor is not None and actor.role == Role.COORDINATOR:
        return queryset
    return queryset.filter(**{field: user})


def plans_review_due(
    *, actor: Membership | None, user: Any, today: datetime.date | None = None
) -> QuerySet[SupportPlan]:
    """Open plans whose review is past or within 14 days."""
    day = today or timezone.localdate()
    plans = scope(SupportPlan.objects.select_related("household"), actor).filter(
        status=SupportPlan.Status.OPEN, next_review_on__lte=day + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
    )
    return _own(plans, actor, "key_worker", user).order_by("next_review_on", "id")


def referrals_follow_up_due(
    *, actor: Membership | None, user: Any, today: datetime.date | None = None
) -> QuerySet[Referral]:
    """Referrals still waiting for an answer whose follow-up date has come."""
    day = today or timezone.localdate()
    referrals = Referral.objects.select_related("plan__household", "lab").filter(
        _plan_scope(actor, "plan__"),
        status=Referral.Status.SENT,
        follow_up_on__lte=day + datetime.timedelta(days=REFERRAL_HORIZON_DAYS),
    )
    return _own(referrals, actor, "plan__key_worker", user).order_by("follow_up_on", "id")


def mediations_quiet(
    *, actor: Membership | None, user: Any, today: datetime.date | None = None
) -> QuerySet[MediationCase]:
    """Open cases with no meeting in the last 30 days (nor since they were opened 30 days ago)."""
    day = today or timezone.localdate()
    since = day - datetime.timedelta(days=MEDIATION_QUIET_DAYS)
    cases = (
        scope(MediationCase.objects.all(), actor)
        .filter(status=MediationCase.Status.OPEN, opened_on__lte=since)
        .annotate(last_meeting_on=Max("meetings__held_on"))
        .filter(Q(last_meeting_on__isnull=True) | Q(last_meeting_on__lte=since))
    )
    return _own(cases, actor, "mediator", user).order_by("last_meeting_on", "opened_on", "id")
