"""Reads of community-work restitution: the hourly rate in force, tasks, sessions, the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from abitare.accounts.models import Membership, Territory, User
from abitare.accounts.permissions import scope
from abitare.core import rules
from abitare.tenancies.models import CommunityTask, CommunityWorkRate, CommunityWorkSession

ZERO = Decimal("0.00")


def rate_for(*, territory: Territory, on: datetime.date) -> CommunityWorkRate | None:
    """The most specific hourly rate in force on ``on`` for the territory, or None."""
    return rules.in_force(CommunityWorkRate.objects.all(), territory_path=territory.path, on=on)


def rate_list(*, actor: Membership | None) -> QuerySet[CommunityWorkRate]:
    if actor is None:
        return CommunityWorkRate.objects.none()
    return CommunityWorkRate.objects.filter(territory__path__startswith=actor.territory.root_path).select_related(
        "territory"
    )


def task_list(*, actor: Membership | None, active_only: bool = False) -> QuerySet[CommunityTask]:
    tasks = scope(CommunityTask.objects.all(), actor).select_related("supervisor", "territory")
    return tasks.filter(active=True) if active_only else tasks


def task_get(*, actor: Membership | None, pk: int) -> CommunityTask | None:
    return task_list(actor=actor).filter(pk=pk).first()


def session_list(
    *, actor: Membership | None, status: str = "", tenancy_id: int | None = None, task_id: int | None = None
) -> QuerySet[CommunityWorkSession]:
    sessions = scope(CommunityWorkSession.objects.all(), actor).select_related(
        "task__supervisor", "tenancy__household", "recorded_by", "decided_by"
    )
    if status in CommunityWorkSession.Status.values:
        sessions = sessions.filter(status=status)
    if tenancy_id is not None:
        sessions = sessions.filter(tenancy_id=tenancy_id)
    if task_id is not None:
        sessions = sessions.filter(task_id=task_id)
    return sessions


def session_get(*, actor: Membership | None, pk: int) -> CommunityWorkSession | None:
    return session_list(actor=actor).filter(pk=pk).first()


def sessions_to_confirm(*, actor: Membership | None, supervisor: User) -> QuerySet[CommunityWorkSession]:
    """Hours waiting for this user's confirmation (tasks they supervise)."""
    return session_list(actor=actor, status=CommunityWorkSession.Status.RECORDED).filter(task__supervisor=supervisor)


@dataclass(frozen=True)
class ReportRow:
    key: int
    label: str
    confirmed_hours: Decimal
    credited: Decimal
    pending_hours: Decimal
    sessions: int


def _report(sessions: QuerySet[CommunityWorkSession], key: str, label: str) -> list[ReportRow]:
    confirmed = Q(status=CommunityWorkSession.Status.CONFIRMED)
    rows = (
        sessions.exclude(status=CommunityWorkSession.Status.REJECTED)
        .order_by()
        .values(key, label)
        .annotate(
            confirmed_hours=Sum("hours", filter=confirmed),
            credited=Sum("amount", filter=confirmed),
            pending_hours=Sum("hours", filter=Q(status=CommunityWorkSession.Status.RECORDED)),
            sessions=Count("id"),
        )
        .order_by(label)
    )
    return [
        ReportRow(
            key=row[key],
            label=str(row[label]),
            confirmed_hours=row["confirmed_hours"] or ZERO,
            credited=row["credited"] or ZERO,
            pending_hours=row["pending_hours"] or ZERO,
            sessions=row["sessions"],
        )
        for row in rows
    ]


def community_report(
    *, actor: Membership | None, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> dict[str, Any]:
    """Hours and euros per tenancy and per task (confirmed; pending hours apart), with totals."""
    sessions = session_list(actor=actor)
    if date_from:
        sessions = sessions.filter(worked_on__gte=date_from)
    if date_to:
        sessions = sessions.filter(worked_on__lte=date_to)
    by_tenancy = _report(sessions, "tenancy_id", "tenancy__reference")
    by_task = _report(sessions, "task_id", "task__title")
    return {
        "by_tenancy": by_tenancy,
        "by_task": by_task,
        "hours": sum((row.confirmed_hours for row in by_task), ZERO),
        "credited": sum((row.credited for row in by_task), ZERO),
        "pending": sum((row.pending_hours for row in by_task), ZERO),
    }


def supervisor_choices(*, actor: Membership | None) -> QuerySet[User]:
    """Users who may supervise a task: active members of the organisation."""
    if actor is None:
        return User.objects.none()
    return (
        User.objects.filter(memberships__organisation_id=actor.organisation_id, memberships__is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
