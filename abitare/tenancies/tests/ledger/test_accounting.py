"""The pure core of the ledger: balances, statements, ageing, monthly charges (no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abitare.tenancies import accounting
from abitare.tenancies.accounting import Movement

DAY0 = datetime.date(2025, 1, 1)
cents = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c) / 100)


@st.composite
def ledgers(draw: st.DrawFn) -> list[Movement]:
    """A random ledger: charges, credits, and reversals of some of them (each at most once)."""
    count = draw(st.integers(min_value=0, max_value=40))
    movements: list[Movement] = []
    for pk in range(1, count + 1):
        day = DAY0 + datetime.timedelta(days=draw(st.integers(0, 700)))
        amount = draw(cents)
        debit = draw(st.booleans())
        movements.append(
            Movement(
                id=pk,
                value_date=day,
                signed_amount=amount if debit else -amount,
                kind="charge" if debit else "payment",
                due_on=day if debit else None,
            )
        )
    reversible = list(movements)
    targets = draw(st.lists(st.sampled_from(reversible), unique_by=lambda m: m.id, max_size=10)) if reversible else []
    for offset, target in enumerate(targets, start=count + 1):
        movements.append(
            Movement(
                id=offset,
                value_date=target.value_date + datetime.timedelta(days=draw(st.integers(0, 60))),
                signed_amount=-target.signed_amount,
                kind="reversal",
                reverses_id=target.id,
            )
        )
    return movements


@given(ledgers(), st.randoms())
def test_the_balance_is_the_sum_of_the_entries_in_any_order(movements, random):
    shuffled = list(movements)
    random.shuffle(shuffled)

    assert accounting.balance_at(shuffled) == accounting.balance_at(movements)
    assert accounting.balance_at(shuffled) == sum((m.signed_amount for m in movements), Decimal(0))


@given(ledgers(), st.randoms())
def test_the_statement_closes_on_the_balance_whatever_the_order(movements, random):
    shuffled = list(movements)
    random.shuffle(shuffled)
    date_from, date_to = datetime.date(2025, 6, 1), datetime.date(2026, 6, 30)

    result = accounting.statement(shuffled, date_from=date_from, date_to=date_to)

    assert result.opening == accounting.balance_at(movements, date_from - datetime.timedelta(days=1))
    assert result.closing == accounting.balance_at(movements, date_to)
    assert result.closing == result.opening + result.debits - result.credits
    if result.lines:
        assert result.lines[-1].balance == result.closing


@given(ledgers())
def test_a_reversal_nets_to_zero(movements):
    by_id = {m.id: m for m in movements}
    for reversal in (m for m in movements if m.reverses_id is not None):
        assert reversal.signed_amount + by_id[reversal.reverses_id].signed_amount == 0
    kept = [m for m in movements if m.reverses_id is None and m.id not in {r.reverses_id for r in movements}]

    assert accounting.balance_at(movements) == accounting.balance_at(kept)


@given(ledgers(), st.integers(0, 900))
def test_ageing_splits_exactly_what_is_owed(movements, days):
    at = DAY0 + datetime.timedelta(days=days)

    result = accounting.ageing(movements, at=at)

    assert result.balance == accounting.balance_at(movements, at)
    assert sum(b.amount for b in result.buckets) == max(result.balance, Decimal(0))
    assert all(b.amount >= 0 for b in result.buckets)


def test_ageing_pays_the_oldest_charge_first_and_ignores_reversed_pairs():
    charges = [
        Movement(1, datetime.date(2025, 1, 5), Decimal("400.00"), "charge", due_on=datetime.date(2025, 1, 5)),
        Movement(2, datetime.date(2025, 2, 5), Decimal("400.00"), "charge", due_on=datetime.date(2025, 2, 5)),
        Movement(3, datetime.date(2025, 3, 5), Decimal("400.00"), "charge", due_on=datetime.date(2025, 3, 5)),
        Movement(4, datetime.date(2025, 3, 6), Decimal("-500.00"), "payment"),
        Movement(5, datetime.date(2025, 3, 7), Decimal("-100.00"), "payment"),
        Movement(6, datetime.date(2025, 3, 8), Decimal("100.00"), "reversal", reverses_id=5),
    ]

    result = accounting.ageing(charges, at=datetime.date(2025, 3, 20))

    assert {b.label: b.amount for b in result.buckets} == {
        "not_due": Decimal("0.00"),
        "1-30": Decimal("400.00"),
        "31-60": Decimal("300.00"),
        "61-90": Decimal("0.00"),
        "90+": Decimal("0.00"),
    }
    assert result.overdue == Decimal("700.00")


def test_a_full_month_is_charged_in_full_and_a_partial_one_by_days():
    monthly = Decimal("310.00")
    start = datetime.date(2025, 1, 11)

    assert (
        accounting.month_charge(monthly=monthly, starts_on=start, last_day=None, month=datetime.date(2025, 2, 1))
        == monthly
    )
    assert accounting.month_charge(
        monthly=monthly, starts_on=start, last_day=None, month=datetime.date(2025, 1, 1)
    ) == Decimal("210.00")
    assert (
        accounting.month_charge(
            monthly=monthly, starts_on=start, last_day=datetime.date(2025, 3, 31), month=datetime.date(2025, 4, 1)
        )
        is None
    )
    assert (
        accounting.month_charge(monthly=monthly, starts_on=start, last_day=None, month=datetime.date(2024, 12, 1))
        is None
    )


@given(st.integers(0, 3000), st.integers(1, 60), cents)
def test_a_tenancy_of_whole_months_is_charged_whole_months(offset, months, monthly):
    start = accounting.month_start(DAY0 + datetime.timedelta(days=offset))
    last = accounting.add_months(start, months) - datetime.timedelta(days=1)

    charges = [
        accounting.month_charge(monthly=monthly, starts_on=start, last_day=last, month=month)
        for month in accounting.months_covered(start, last)
    ]

    assert charges == [accounting.month_charge(monthly=monthly, starts_on=start, last_day=None, month=start)] * months
    assert sum((charge or Decimal(0) for charge in charges), Decimal(0)) == monthly * months


@given(ledgers(), st.integers(0, 800))
def test_the_lowest_balance_from_a_day_is_never_above_the_balance_on_any_later_day(movements, days):
    day = DAY0 + datetime.timedelta(days=days)
    lowest = accounting.lowest_balance_from(movements, day)

    later_days = {day} | {m.value_date for m in movements if m.value_date > day}
    assert lowest == min(accounting.balance_at(movements, d) for d in later_days)
