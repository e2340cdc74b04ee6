"""Repayment plan instalments: exact sums (hypothesis), monthly dates, position and breach."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abitare.tenancies.recovery.instalments import (
    Instalment,
    PlanError,
    add_months,
    check_custom,
    plan_position,
    schedule,
    split_equal,
)

cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100)


@given(debt=cents, count=st.integers(min_value=1, max_value=120))
def test_equal_instalments_add_up_to_the_debt_for_any_amount_and_count(debt, count):
    if debt * 100 < count:
        with pytest.raises(PlanError):
            split_equal(debt, count)
        return

    amounts = split_equal(debt, count)

    assert sum(amounts) == debt
    assert len(amounts) == count
    assert all(amount > 0 and amount == amount.quantize(Decimal("0.01")) for amount in amounts)
    assert len(set(amounts[:-1])) <= 1
    assert amounts[-1] - amounts[0] < count * Decimal("0.01")  # the leftover cents are on the last


@given(debt=cents, count=st.integers(min_value=1, max_value=120), day=st.integers(1, 31))
def test_schedule_is_monthly_and_sums(debt, count, day):
    first = datetime.date(2026, 1, min(day, 31))
    if debt * 100 < count:
        return
    plan = schedule(debt, first_due=first, count=count)

    assert sum(item.amount for item in plan) == debt
    assert [item.number for item in plan] == list(range(1, count + 1))
    assert all(later.due_date > earlier.due_date for earlier, later in itertools.pairwise(plan))


def test_split_example():
    assert split_equal(Decimal("100.00"), 3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert split_equal(Decimal("0.05"), 5) == [Decimal("0.01")] * 5


def test_month_end_dates_stay_at_month_end():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 1, 31), 2) == datetime.date(2026, 3, 31)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("debt", "count", "field"),
    [
        (Decimal(0), 3, "debt"),
        (Decimal(-5), 3, "debt"),
        (Decimal("1.005"), 3, "debt"),
        (Decimal(10), 0, "instalments"),
        (Decimal("0.02"), 3, "instalments"),
    ],
)
def test_impossible_splits_are_refused(debt, count, field):
    with pytest.raises(PlanError) as error:
        split_equal(debt, count)

    assert error.value.field == field


def test_custom_instalments_must_sum_exactly_to_the_debt():
    assert check_custom(Decimal("300.00"), [Decimal("100.00"), Decimal("200.00")]) == [Decimal(100), Decimal(200)]
    with pytest.raises(PlanError) as error:
        check_custom(Decimal("300.00"), [Decimal("100.00"), Decimal("199.99")])
    assert error.value.field == "instalments"
    with pytest.raises(PlanError):
        check_custom(Decimal("300.00"), [Decimal("300.00"), Decimal("0.00")])


@given(
    amounts=st.lists(cents, min_size=1, max_size=40),
    extra=st.integers(min_value=-100, max_value=100).filter(lambda n: n != 0),
)
def test_custom_instalments_off_by_any_cent_are_refused(amounts, extra):
    debt = sum(amounts) + Decimal(extra) / 100
    if debt <= 0:
        return
    with pytest.raises(PlanError):
        check_custom(debt, amounts)


def test_custom_due_dates_must_increase():
    with pytest.raises(PlanError) as error:
        schedule(
            Decimal(20),
            first_due=datetime.date(2026, 1, 1),
            amounts=[Decimal(10), Decimal(10)],
            due_dates=[datetime.date(2026, 2, 1), datetime.date(2026, 1, 1)],
        )
    assert error.value.field == "due_dates"


PLAN = [
    Instalment(1, datetime.date(2026, 1, 10), Decimal("100.00")),
    Instalment(2, datetime.date(2026, 2, 10), Decimal("100.00")),
    Instalment(3, datetime.date(2026, 3, 10), Decimal("100.01")),
]


def test_a_plan_paid_on_schedule_is_kept():
    position = plan_position(PLAN, repaid=Decimal("100.00"), on=datetime.date(2026, 2, 1), tolerance_days=10)

    assert position.expected == Decimal("200.01")
    assert position.outstanding == Decimal("200.01")
    assert not position.breached
    assert not position.completed
    assert [state.settled for state in position.instalments] == [True, False, False]


def test_a_missed_instalment_is_tolerated_for_the_configured_days_then_breaches():
    within = plan_position(PLAN, repaid=Decimal("100.00"), on=datetime.date(2026, 2, 20), tolerance_days=10)
    after = plan_position(PLAN, repaid=Decimal("100.00"), on=datetime.date(2026, 2, 21), tolerance_days=10)

    assert not within.breached
    assert after.breached
    assert after.shortfall == Decimal("100.00")
    assert [state.overdue for state in after.instalments] == [False, True, False]


def test_partial_payment_leaves_the_instalment_partly_paid():
    position = plan_position(PLAN, repaid=Decimal("150.00"), on=datetime.date(2026, 3, 1), tolerance_days=0)

    assert [state.paid for state in position.instalments] == [Decimal("100.00"), Decimal("50.00"), Decimal(0)]
    assert position.breached


def test_early_payoff_completes_the_plan():
    position = plan_position(PLAN, repaid=Decimal("400.00"), on=datetime.date(2026, 1, 2), tolerance_days=0)

    assert position.completed
    assert not position.breached
    assert position.outstanding == 0
    assert position.repaid == Decimal("300.01")
