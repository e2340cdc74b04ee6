"""The pure core of the rent and savings ledgers: balances, statements, ageing, monthly charges.

Plain data in, plain data out, no ORM: the services load entries as :class:`Movement` values,
call these functions and save or show the result. Money is ``Decimal`` in euro, two places.
Sign convention: a positive amount is a debit (the household owes more), a negative amount a
credit; a balance above zero is money owed, below zero money in the household's favour.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from abitare.core.money import euro

ZERO = Decimal("0.00")
# Days past due that close each ageing bucket; the last bucket is open-ended (rules as data).
DEFAULT_AGEING_LIMITS: tuple[int, ...] = (30, 60, 90)


@dataclass(frozen=True)
class Movement:
    """One ledger entry as plain data."""

    id: int
    value_date: datetime.date
    signed_amount: Decimal
    kind: str = ""
    description: str = ""
    due_on: datetime.date | None = None
    reverses_id: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class StatementLine:
    movement: Movement
    balance: Decimal

    @property
    def debit(self) -> Decimal | None:
        return self.movement.signed_amount if self.movement.signed_amount > 0 else None

    @property
    def credit(self) -> Decimal | None:
        return -self.movement.signed_amount if self.movement.signed_amount < 0 else None


@dataclass(frozen=True)
class Statement:
    date_from: datetime.date | None
    date_to: datetime.date | None
    opening: Decimal
    lines: tuple[StatementLine, ...]
    closing: Decimal
    debits: Decimal
    credits: Decimal


@dataclass(frozen=True)
class AgeingBucket:
    label: str  # "not_due", "1-30", "31-60", "61-90", "90+"
    low: int | None
    high: int | None
    amount: Decimal


@dataclass(frozen=True)
class Ageing:
    at: datetime.date
    balance: Decimal
    buckets: tuple[AgeingBucket, ...] = field(default_factory=tuple)

    @property
    def overdue(self) -> Decimal:
        return sum((bucket.amount for bucket in self.buckets if bucket.low is not None), ZERO)


def ordered(movements: Iterable[Movement]) -> list[Movement]:
    """Movements in statement order: value date, then entry id."""
    return sorted(movements, key=lambda movement: (movement.value_date, movement.id))


def balance_at(movements: Iterable[Movement], at: datetime.date | None = None) -> Decimal:
    """The balance on ``at`` (end of day) or overall: the sum of the signed amounts, in any order."""
    return euro(sum((m.signed_amount for m in movements if at is None or m.value_date <= at), ZERO))


def statement(
    movements: Iterable[Movement], *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> Statement:
    """The lines between two dates (inclusive) with a running balance, opening and closing balances."""
    everything = ordered(movements)
    opening = balance_at((m for m in everything if date_from is not None and m.value_date < date_from), None)
    running = opening
    lines: list[StatementLine] = []
    debits = credits = ZERO
    for movement in everything:
        if date_from is not None and movement.value_date < date_from:
            continue
        if date_to is not None and movement.value_date > date_to:
            break
        running += movement.signed_amount
        if movement.signed_amount > 0:
            debits += movement.signed_amount
        else:
            credits -= movement.signed_amount
        lines.append(StatementLine(movement=movement, balance=euro(running)))
    return Statement(
        date_from=date_from,
        date_to=date_to,
        opening=euro(opening),
        lines=tuple(lines),
        closing=euro(running),
        debits=euro(debits),
        credits=euro(credits),
    )


def lowest_balance_from(movements: Iterable[Movement], day: datetime.date) -> Decimal:
    """The lowest end-of-day balance on ``day`` or any later day (to keep an account above zero
    when an entry is dated in the past)."""
    everything = ordered(movements)
    running = balance_at((m for m in everything if m.value_date <= day), None)
    lowest = running
    later: dict[datetime.date, Decimal] = {}
    for movement in everything:
        if movement.value_date > day:
            later[movement.value_date] = later.get(movement.value_date, ZERO) + movement.signed_amount
    for date in sorted(later):
        running += later[date]
        lowest = min(lowest, running)
    return euro(lowest)


def _bucket_labels(limits: Sequence[int]) -> list[tuple[str, int | None, int | None]]:
    buckets: list[tuple[str, int | None, int | None]] = [("not_due", None, None)]
    low = 1
    for high in limits:
        buckets.append((f"{low}-{high}", low, high))
        low = high + 1
    buckets.append((f"{low - 1}+", low, None))
    return buckets


def ageing(
    movements: Iterable[Movement], *, at: datetime.date, limits: Sequence[int] = DEFAULT_AGEING_LIMITS
) -> Ageing:
    """Split what is owed on ``at`` by how many days past due it is.

    A reversal cancels the entry it reverses; the remaining credits pay the oldest debits first
    (first in, first out), as Italian practice imputes payments to the oldest rent (art. 1193 c.c.).
    A debit without a due date is due on its value date.
    """
    known = [m for m in movements if m.value_date <= at]
    reversed_ids = {m.reverses_id for m in known if m.reverses_id is not None}
    present_ids = {m.id for m in known}
    live = [
        m
        for m in known
        if m.id not in reversed_ids and not (m.reverses_id is not None and m.reverses_id in present_ids)
    ]
    credit = -sum((m.signed_amount for m in live if m.signed_amount < 0), ZERO)
    debits = sorted(
        (m for m in live if m.signed_amount > 0), key=lambda m: (m.due_on or m.value_date, m.value_date, m.id)
    )
    shape = _bucket_labels(limits)
    totals = {label: ZERO for label, _low, _high in shape}
    for debit in debits:
        applied = min(credit, debit.signed_amount)
        credit -= applied
        open_amount = debit.signed_amount - applied
        if open_amount <= 0:
            continue
        days = (at - (debit.due_on or debit.value_date)).days
        for label, low, high in shape:
            if low is None and days <= 0:
                totals[label] += open_amount
                break
            if low is not None and days >= low and (high is None or days <= high):
                totals[label] += open_amount
                break
    return Ageing(
        at=at,
        balance=balance_at(known),
        buckets=tuple(AgeingBucket(label, low, high, euro(totals[label])) for label, low, high in shape),
    )


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def months_covered(starts_on: datetime.date, last_day: datetime.date) -> list[datetime.date]:
    """The first day of every month that a period touches."""
    months = []
    current = month_start(starts_on)
    while current <= last_day:
        months.append(current)
        current = add_months(current, 1)
    return months


def month_charge(
    *,
    monthly: Decimal,
    starts_on: datetime.date,
    last_day: datetime.date | None,
    month: datetime.date,
) -> Decimal | None:
    """What a tenancy owes for ``month``: the full amount, pro rata by days in a first or last
    partial month, or ``None`` when the month is outside the tenancy."""
    first, last = month_start(month), month_end(month)
    if starts_on > last or (last_day is not None and last_day < first):
        return None
    start = max(first, starts_on)
    end = min(last, last_day) if last_day is not None else last
    days_in_month = (last - first).days + 1
    days = (end - start).days + 1
    if days == days_in_month:
        return euro(monthly)
    return euro(Decimal(monthly) * days / days_in_month)


def due_date(month: datetime.date, due_day: int) -> datetime.date:
    return month_start(month).replace(day=min(due_day, 28))


def ageing_from_sums(balance: Decimal, debits_newest_first: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """What is owed split into ageing buckets from the sums of the debits that fall in each bucket,
    newest first (not yet due, 1-30 days past due, ...); the last bucket takes what is left.

    Payments go to the oldest debits first (art. 1193 c.c.), so what is owed is the newest
    debits: each bucket takes its debits up to what is still owed. A credit balance owes nothing.
    """
    remaining = max(balance, ZERO)
    parts = []
    for amount in debits_newest_first:
        part = min(remaining, max(amount, ZERO))
        parts.append(euro(part))
        remaining -= part
    parts.append(euro(remaining))
    return tuple(parts)
