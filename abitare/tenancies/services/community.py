"""Community-work restitution: tasks, hours recorded by an operator and confirmed by the task's
supervisor only; a confirmation credits hours x the territory's hourly rate to the rent ledger
(its own entry kind) through the ledger service, once per session."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory, User
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.money import euro
from abitare.tenancies.models import CommunityTask, CommunityWorkRate, CommunityWorkSession, Tenancy
from abitare.tenancies.models._rules import Confidence
from abitare.tenancies.selectors.community import rate_for
from abitare.tenancies.services.arrears import arrears_cases_settle
from abitare.tenancies.services.ledger import community_work_credit
from abitare.tenancies.services.plans import plans_check

MAX_HOURS = Decimal(12)
QUARTER = Decimal("0.25")


def _supervisor_ok(user: User, organisation_id: int) -> bool:
    return user.memberships.filter(organisation_id=organisation_id, is_active=True).exists()


@transaction.atomic
def task_create(
    *,
    actor: Membership,
    kind: str,
    title: str,
    supervisor: User,
    territory: Territory | None = None,
    place: str = "",
) -> CommunityTask:
    """A task offered for community work; its supervisor works for the same organisation."""
    if kind not in CommunityTask.Kind.values:
        raise DomainError(_("Choose the kind of task."), field="kind", code="kind_invalid")
    if not title.strip():
        raise DomainError(_("Give the task a title."), field="title", code="title_required")
    if not _supervisor_ok(supervisor, actor.organisation_id):
        raise DomainError(
            _("The supervisor must be a user of your organisation."), field="supervisor", code="supervisor_other_org"
        )
    territory = territory or actor.territory
    if not territory.path.startswith(actor.territory.path):
        raise DomainError(_("Choose a place within your territory."), field="territory", code="territory_outside")
    return CommunityTask.objects.create(
        organisation_id=actor.organisation_id,
        territory=territory,
        kind=kind,
        title=title.strip()[:200],
        place=place.strip()[:200],
        supervisor=supervisor,
        created_by=actor.user,
    )


def _hours(value: Decimal | str | int) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(_("Enter the hours as a number, e.g. 2.5."), field="hours", code="hours_invalid") from error
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise DomainError(
            _("Record more than 0 and at most %(max)s hours for one day.") % {"max": MAX_HOURS},
            field="hours",
            code="hours_range",
        )
    if hours % QUARTER:
        raise DomainError(_("Record hours in quarters of an hour (0.25)."), field="hours", code="hours_quarter")
    return hours


@transaction.atomic
def session_record(
    *,
    actor: Membership,
    task: CommunityTask,
    tenancy: Tenancy,
    worked_on: datetime.date,
    hours: Decimal | str | int,
    worker: str = "",
    note: str = "",
) -> CommunityWorkSession:
    """Record hours worked on a task for a tenancy; they wait for the supervisor's confirmation
    and change nothing on the ledger until then."""
    value = _hours(hours)
    if worked_on > timezone.localdate():
        raise DomainError(_("Hours can be recorded only once worked."), field="worked_on", code="future")
    if not task.active:
        raise DomainError(_("This task is closed."), field="task", code="task_closed")
    if task.organisation_id != actor.organisation_id or tenancy.organisation_id != actor.organisation_id:
        raise DomainError(_("Choose a task and a tenancy of your organisation."), field="task", code="other_org")
    if worked_on < tenancy.starts_on:
        raise DomainError(_("The tenancy had not started on that day."), field="worked_on", code="before_tenancy")
    return CommunityWorkSession.objects.create(
        organisation_id=actor.organisation_id,
        territory_id=tenancy.territory_id,
        task=task,
        tenancy=tenancy,
        worked_on=worked_on,
        hours=value,
        worker=worker.strip()[:150],
        note=note.strip()[:300],
        recorded_by=actor.user,
    )


def _pending(session: CommunityWorkSession, actor: Membership) -> CommunityWorkSession:
    locked = (
        CommunityWorkSession.objects.select_for_update().select_related("task", "tenancy__territory").get(pk=session.pk)
    )
    if locked.task.supervisor_id != actor.user_id or locked.task.organisation_id != actor.organisation_id:
        raise NotAllowed(
            _("Only the supervisor of the task, %(supervisor)s, can confirm or reject these hours.")
            % {"supervisor": locked.task.supervisor},
            code="not_supervisor",
        )
    if locked.status != CommunityWorkSession.Status.RECORDED:
        raise Conflict(_("These hours have already been confirmed or rejected."), code="session_decided")
    return locked


@transaction.atomic
def session_confirm(*, actor: Membership, session: CommunityWorkSession) -> CommunityWorkSession:
    """The supervisor confirms the hours: hours x hourly rate in force that day is credited to
    the tenancy's rent ledger. Refused for anyone but the supervisor, or without a rate."""
    locked = _pending(session, actor)
    rate = rate_for(territory=locked.tenancy.territory, on=locked.worked_on)
    if rate is None:
        raise DomainError(
            _("No hourly rate for community work is set for this territory on %(date)s: ask an administrator.")
            % {"date": locked.worked_on.strftime("%d/%m/%Y")},
            code="no_rate",
        )
    amount = euro(Decimal(locked.hours) * Decimal(rate.hourly_rate))
    entry = community_work_credit(
        actor=actor,
        tenancy=locked.tenancy,
        amount=amount,
        value_date=locked.worked_on,
        description=str(
            _("Community work: %(task)s, %(hours)s h x %(rate)s €")
            % {"task": locked.task.title, "hours": locked.hours, "rate": rate.hourly_rate}
        ),
        source_ref=f"community-session:{locked.pk}",
    )
    locked.status = CommunityWorkSession.Status.CONFIRMED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.hourly_rate = rate.hourly_rate
    locked.amount = amount
    locked.entry = entry
    locked.save()
    arrears_cases_settle(tenancy_ids=[locked.tenancy_id])
    tenancy_id = locked.tenancy_id
    transaction.on_commit(lambda: plans_check(tenancy_ids=[tenancy_id]))
    return locked


@transaction.atomic
def session_reject(*, actor: Membership, session: CommunityWorkSession, reason: str) -> CommunityWorkSession:
    """The supervisor turns the hours down, saying why; nothing is credited."""
    text = (reason or "").strip()
    if not text:
        raise DomainError(_("Say why the hours are rejected."), field="reason", code="reason_required")
    locked = _pending(session, actor)
    locked.status = CommunityWorkSession.Status.REJECTED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.rejection_reason = text[:300]
    locked.save()
    return locked


@transaction.atomic
def rate_add(
    *,
    actor: Membership,
    territory: Territory,
    hourly_rate: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    source: str,
    confidence: str,
) -> CommunityWorkRate:
    """A new hourly rate for a territory (rules are data: a new row, never an edit)."""
    if hourly_rate <= 0:
        raise DomainError(_("The hourly rate must be more than zero."), field="hourly_rate", code="rate_invalid")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of validity comes before its start."), field="valid_to", code="dates_order")
    if not source.strip():
        raise DomainError(_("Say where the rate comes from."), field="source", code="source_required")
    if confidence not in Confidence.values:
        raise DomainError(_("Choose how sure the figures are."), field="confidence", code="confidence")
    return CommunityWorkRate.objects.create(
        territory=territory,
        hourly_rate=euro(hourly_rate),
        valid_from=valid_from,
        valid_to=valid_to,
        source=source.strip(),
        confidence=confidence,
        created_by=actor.user,
    )
