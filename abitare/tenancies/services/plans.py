"""Repayment plans (piani di rientro): agree, check against the ledger, cancel.

A plan splits a debt into instalments (equal, with the leftover cents on the last, or custom)
that add up to the debt exactly. What has been repaid towards it is how much the balance has
come down since it was agreed, charges not yet late left out; the daily check marks it
breached when that is behind the schedule by more than the territory's tolerance, live again
when it catches up, and completed when the debt is repaid (early payoff included).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.money import euro
from abitare.tenancies.models import ArrearsCase, LedgerEntry, PlanInstalment, PlanStatusChange, RepaymentPlan, Tenancy
from abitare.tenancies.recovery import instalments as core
from abitare.tenancies.selectors.arrears import arrears_rule_for
from abitare.tenancies.services._common import lock_tenancy

Status = RepaymentPlan.Status


def adjusted_balance(tenancy_id: int, *, on: datetime.date, tolerance_days: int) -> Decimal:
    """The balance on ``on`` without the charges (and their reversals) not yet late: those
    are paid as rent, not towards a plan."""
    cutoff = on - datetime.timedelta(days=tolerance_days)
    kind = LedgerEntry.Kind
    not_late = Q(kind=kind.CHARGE, due_on__gte=cutoff) | Q(
        kind=kind.REVERSAL, reverses__kind=kind.CHARGE, reverses__due_on__gte=cutoff
    )
    total = (
        LedgerEntry.objects.filter(tenancy_id=tenancy_id)
        .exclude(not_late)
        .aggregate(total=Sum("signed_amount"))["total"]
    )
    return euro(total or 0)


def _change(plan: RepaymentPlan, to: str, *, actor: Membership | None, reason: str) -> None:
    if to not in RepaymentPlan.TRANSITIONS[plan.status]:
        raise Conflict(
            _("A plan that is %(status)s cannot become %(to)s.")
            % {"status": plan.get_status_display(), "to": Status(to).label},
            code="plan_transition",
        )
    PlanStatusChange.objects.create(
        plan=plan, from_status=plan.status, to_status=to, changed_by=actor.user if actor else None, reason=reason
    )
    plan.status = to
    plan.save(update_fields=["status", "updated_at"])


@transaction.atomic
def plan_create(
    *,
    actor: Membership,
    tenancy: Tenancy,
    debt: Decimal,
    first_due: datetime.date,
    agreed_on: datetime.date,
    creditor: str,
    count: int | None = None,
    amounts: Sequence[Decimal] | None = None,
    due_dates: Sequence[datetime.date] | None = None,
    note: str = "",
) -> RepaymentPlan:
    """Agree a plan on the tenancy's debt. Refused when the instalments do not add up to the
    debt, when the debt is more than what is owed, or when a plan is already running. Closes the
    tenancy's open arrears case (a plan started)."""
    tenancy = lock_tenancy(tenancy)
    try:
        rows = core.schedule(euro(debt), first_due=first_due, count=count, amounts=amounts, due_dates=due_dates)
    except core.PlanError as error:
        raise DomainError(error.message, field=error.field, code="plan_invalid") from error
    if not creditor.strip():
        raise DomainError(_("Say who the plan was agreed with."), field="creditor", code="creditor_required")
    today = timezone.localdate()
    rule = arrears_rule_for(territory=tenancy.territory, on=today)
    owed = adjusted_balance(tenancy.pk, on=today, tolerance_days=rule.plan_tolerance_days)
    if euro(debt) > owed:
        raise DomainError(
            _("The household owes %(owed)s € (charges not yet late left out): the plan's debt cannot be larger.")
            % {"owed": owed},
            field="debt",
            code="more_than_owed",
        )
    case = ArrearsCase.objects.filter(tenancy=tenancy, status=ArrearsCase.Status.OPEN).first()
    try:
        with transaction.atomic():
            plan = RepaymentPlan.objects.create(
                organisation_id=tenancy.organisation_id,
                territory_id=tenancy.territory_id,
                tenancy=tenancy,
                case=case,
                debt=euro(debt),
                split=RepaymentPlan.Split.CUSTOM if amounts is not None else RepaymentPlan.Split.EQUAL,
                first_due=rows[0].due_date,
                agreed_on=agreed_on,
                creditor=creditor.strip()[:200],
                tolerance_days=rule.plan_tolerance_days,
                start_balance=owed,
                note=note.strip(),
                created_by=actor.user,
            )
    except IntegrityError as error:
        raise Conflict(
            _("This tenancy already has a running repayment plan: cancel it first."), code="plan_running"
        ) from error
    PlanInstalment.objects.bulk_create(
        PlanInstalment(plan=plan, number=row.number, due_date=row.due_date, amount=row.amount) for row in rows
    )
    PlanStatusChange.objects.create(
        plan=plan, from_status="", to_status=Status.LIVE, changed_by=actor.user, reason=str(_("Plan agreed"))
    )
    if case is not None:
        case.status = ArrearsCase.Status.CLOSED
        case.closed_on = today
        case.close_reason = ArrearsCase.CloseReason.PLAN_STARTED
        case.save(update_fields=["status", "closed_on", "close_reason", "updated_at"])
    return plan


def plan_schedule(plan: RepaymentPlan) -> list[core.Instalment]:
    return [
        core.Instalment(row.number, row.due_date, Decimal(row.amount))
        for row in PlanInstalment.objects.filter(plan=plan).order_by("number")
    ]


def plan_position(plan: RepaymentPlan, *, on: datetime.date | None = None) -> core.PlanPosition:
    """Where the plan stands: repaid is how far the balance came down since it was agreed."""
    on = on or timezone.localdate()
    now = adjusted_balance(plan.tenancy_id, on=on, tolerance_days=plan.tolerance_days)
    repaid = Decimal(plan.start_balance) - now
    return core.plan_position(plan_schedule(plan), repaid=repaid, on=on, tolerance_days=plan.tolerance_days)


@transaction.atomic
def plan_check(
    *, plan: RepaymentPlan, on: datetime.date | None = None, actor: Membership | None = None
) -> RepaymentPlan:
    """Compare the plan with the ledger and record a change of state (breached, live again,
    completed) with its reason; a plan that did not change is left as it is."""
    plan = RepaymentPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.running:
        return plan
    position = plan_position(plan, on=on)
    if position.completed:
        _change(plan, Status.COMPLETED, actor=actor, reason=str(_("The debt of the plan is repaid.")))
    elif position.breached and plan.status == Status.LIVE:
        reason = _("Behind schedule by %(amount)s € for more than %(days)s days.") % {
            "amount": position.shortfall,
            "days": plan.tolerance_days,
        }
        _change(plan, Status.BREACHED, actor=actor, reason=str(reason))
    elif not position.breached and plan.status == Status.BREACHED:
        _change(plan, Status.LIVE, actor=actor, reason=str(_("Back on schedule.")))
    return plan


def plans_check(*, tenancy_ids: list[int] | None = None, on: datetime.date | None = None) -> int:
    """Check every running plan (the daily job), or those of some tenancies; return how many changed."""
    plans = RepaymentPlan.objects.filter(status__in=RepaymentPlan.RUNNING)
    if tenancy_ids is not None:
        plans = plans.filter(tenancy_id__in=tenancy_ids)
    changed = 0
    for plan in plans.order_by("pk"):
        before = plan.status
        if plan_check(plan=plan, on=on).status != before:
            changed += 1
    return changed


@transaction.atomic
def plan_cancel(*, actor: Membership, plan: RepaymentPlan, reason: str) -> RepaymentPlan:
    """Cancel a running plan, saying why; the arrears scan may open a case again."""
    text = (reason or "").strip()
    if not text:
        raise DomainError(_("Say why the plan is cancelled."), field="reason", code="reason_required")
    plan = RepaymentPlan.objects.select_for_update().get(pk=plan.pk)
    _change(plan, Status.CANCELLED, actor=actor, reason=text[:300])
    return plan
