"""Repayment plans (piani di rientro): splitting a debt into instalments and checking a plan.

A plan is kept when the debt still outstanding under it is no more than what its schedule
expects ``tolerance_days`` ago; it is breached otherwise, and completed once the plan debt is
repaid (early payoff included, whatever instalments remain). Amounts are euro Decimals.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_INSTALMENTS = 120


class PlanError(ValueError):
    """The plan cannot be made as asked; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: datetime.date
    amount: Decimal


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan -> 28 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _check_debt(debt: Decimal) -> None:
    if debt <= 0:
        raise PlanError(_("The debt of a plan must be more than zero."), field="debt")
    if debt != debt.quantize(CENT):
        raise PlanError(_("The debt is in euro with at most two decimals."), field="debt")


def split_equal(debt: Decimal, count: int) -> list[Decimal]:
    """``count`` equal amounts that add up to ``debt`` exactly; the leftover cents go on the last."""
    _check_debt(debt)
    if not 1 <= count <= MAX_INSTALMENTS:
        raise PlanError(_("A plan has from 1 to %(max)s instalments.") % {"max": MAX_INSTALMENTS}, field="instalments")
    share = (debt / count).quantize(CENT, rounding=ROUND_DOWN)
    if share <= 0:
        raise PlanError(
            _("%(debt)s cannot be split into %(count)s instalments of at least one cent.")
            % {"debt": debt, "count": count},
            field="instalments",
        )
    return [share] * (count - 1) + [debt - share * (count - 1)]


def check_custom(debt: Decimal, amounts: Sequence[Decimal]) -> list[Decimal]:
    """Custom instalments: each more than zero, in cents, adding up to the debt exactly."""
    _check_debt(debt)
    if not 1 <= len(amounts) <= MAX_INSTALMENTS:
        raise PlanError(_("A plan has from 1 to %(max)s instalments.") % {"max": MAX_INSTALMENTS}, field="instalments")
    for number, amount in enumerate(amounts, start=1):
        if amount <= 0 or amount != amount.quantize(CENT):
            raise PlanError(
                _("Instalment %(number)s must be more than zero, in euro with at most two decimals.")
                % {"number": number},
                field="instalments",
            )
    total = sum(amounts, ZERO)
    if total != debt:
        raise PlanError(
            _("The instalments add up to %(total)s but the debt is %(debt)s: they must be equal.")
            % {"total": total, "debt": debt},
            field="instalments",
        )
    return list(amounts)


def schedule(
    debt: Decimal,
    *,
    first_due: datetime.date,
    count: int | None = None,
    amounts: Sequence[Decimal] | None = None,
    due_dates: Sequence[datetime.date] | None = None,
) -> list[Instalment]:
    """The plan's instalments: equal (``count``) or custom (``amounts``), due monthly from
    ``first_due`` unless ``due_dates`` (one per amount, strictly increasing) are given."""
    values = check_custom(debt, amounts) if amounts is not None else split_equal(debt, count or 0)
    if due_dates is None:
        dates = [add_months(first_due, index) for index in range(len(values))]
    else:
        dates = list(due_dates)
        if len(dates) != len(values):
            raise PlanError(_("Give one due date for each instalment."), field="due_dates")
        if any(later <= earlier for earlier, later in itertools.pairwise(dates)):
            raise PlanError(_("Due dates must be in increasing order, one per day at most."), field="due_dates")
    return [Instalment(number, due, amount) for number, (due, amount) in enumerate(zip(dates, values, strict=True), 1)]


@dataclass(frozen=True)
class InstalmentState:
    number: int
    due_date: datetime.date
    amount: Decimal
    paid: Decimal
    overdue: bool

    @property
    def settled(self) -> bool:
        return self.paid >= self.amount


@dataclass(frozen=True)
class PlanPosition:
    """Where a plan stands on ``on``: ``expected`` is the debt the schedule allows then."""

    debt: Decimal
    repaid: Decimal
    outstanding: Decimal
    expected: Decimal
    breached: bool
    completed: bool
    instalments: tuple[InstalmentState, ...]

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.outstanding - self.expected)


def plan_position(
    instalments: Sequence[Instalment],
    *,
    repaid: Decimal,
    on: datetime.date,
    tolerance_days: int,
) -> PlanPosition:
    """The plan on day ``on`` given what has been ``repaid`` towards it since it started.

    An instalment counts as expected once more than ``tolerance_days`` have passed after its
    due date;
    repayments settle instalments in order (the oldest first).
    """
    debt = sum((item.amount for item in instalments), ZERO)
    repaid = max(ZERO, repaid)
    outstanding = max(ZERO, debt - repaid)
    cutoff = on - datetime.timedelta(days=tolerance_days)
    expected = debt - sum((item.amount for item in instalments if item.due_date < cutoff), ZERO)
    left = repaid
    states = []
    for item in instalments:
        paid = min(item.amount, left)
        left -= paid
        states.append(
            InstalmentState(
                item.number, item.due_date, item.amount, paid, paid < item.amount and item.due_date < cutoff
            )
        )
    completed = outstanding == 0
    return PlanPosition(
        debt=debt,
        repaid=min(repaid, debt),
        outstanding=outstanding,
        expected=expected,
        breached=not completed and outstanding > expected,
        completed=completed,
        instalments=tuple(states),
    )
