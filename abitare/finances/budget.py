"""The arithmetic of a family budget and of a restructuring plan: pure functions over plain data
(no ORM), so the page, the API and the chart add up the same way."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from abitare.core.money import euro

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    direction: str  # "income" or "expense"
    category: str
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    incomes: Decimal
    expenses: Decimal

    @property
    def surplus(self) -> Decimal:
        """Positive: money left at the end of the month; negative: a deficit."""
        return self.incomes - self.expenses


def totals(lines: Iterable[Line]) -> Totals:
    incomes = expenses = ZERO
    for line in lines:
        if line.direction == "income":
            incomes += line.amount
        else:
            expenses += line.amount
    return Totals(incomes=euro(incomes), expenses=euro(expenses))


def by_category(lines: Iterable[Line]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for line in lines:
        out[line.category] = out.get(line.category, ZERO) + line.amount
    return out


@dataclass(frozen=True)
class PlanChange:
    current_instalment: Decimal
    new_instalment: Decimal
    agreed: bool


@dataclass(frozen=True)
class PlanEffect:
    """What the plan does to the monthly surplus: all its lines, and only those the creditors agreed."""

    proposed: Decimal
    agreed: Decimal


def plan_effect(changes: Iterable[PlanChange]) -> PlanEffect:
    proposed = agreed = ZERO
    for change in changes:
        saving = change.current_instalment - change.new_instalment
        proposed += saving
        if change.agreed:
            agreed += saving
    return PlanEffect(proposed=euro(proposed), agreed=euro(agreed))


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (first_of_month(month) - datetime.timedelta(days=1)).replace(day=1)
