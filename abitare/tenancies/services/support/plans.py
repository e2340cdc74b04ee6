"""Support plans: open, update and close a plan; its goals and their status history."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict
from abitare.registry.models import Household
from abitare.tenancies.models import Goal, GoalStatusChange, SupportPlan
from abitare.tenancies.selectors.support import goal_domains
from abitare.tenancies.services.support._checks import Errors, key_worker_errors, not_future, require_in_scope


@dataclass(frozen=True)
class NewGoal:
    title: str
    domain: Any = None
    target_on: datetime.date | None = None


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
    require_in_scope(actor, household)
    today = timezone.localdate()
    errors = Errors()
    key_worker_errors(errors, actor, key_worker, "key_worker")
    not_future(errors, "started_on", started_on, today)
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
    require_in_scope(actor, plan)
    require_open(plan)
    errors = Errors()
    key_worker_errors(errors, actor, key_worker, "key_worker")
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
    require_in_scope(actor, plan)
    require_open(plan)
    errors = Errors()
    not_future(errors, "closed_on", closed_on, timezone.localdate())
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


def require_open(plan: SupportPlan) -> None:
    if not plan.is_open:
        raise Conflict(_("The support plan is closed."), code="plan_closed")


def _goal_errors(errors: Errors, goal: NewGoal, *, territory: Any, prefix: str = "") -> None:
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
    require_in_scope(actor, plan)
    require_open(plan)
    errors = Errors()
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
    require_in_scope(actor, plan)
    require_open(plan)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    day = on or timezone.localdate()
    errors = Errors()
    not_future(errors, "on", day, timezone.localdate())
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
