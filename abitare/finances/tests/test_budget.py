"""The pure arithmetic of budgets and plans."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abitare.finances.budget import Line, PlanChange, plan_effect, previous_month, totals

amounts = st.decimals(min_value="0", max_value="99999.99", places=2)
lines = st.lists(st.tuples(st.sampled_from(["income", "expense"]), amounts), max_size=20)


@given(lines)
def test_totals_equal_the_sum_of_lines_and_surplus_is_their_difference(raw):
    result = totals([Line(direction, "x", amount) for direction, amount in raw])
    assert result.incomes == sum((a for d, a in raw if d == "income"), Decimal(0))
    assert result.expenses == sum((a for d, a in raw if d == "expense"), Decimal(0))
    assert result.surplus == result.incomes - result.expenses
    assert result.incomes.as_tuple().exponent == -2


@given(st.lists(st.tuples(amounts, amounts, st.booleans()), max_size=10))
def test_the_plan_effect_is_the_instalments_saved_and_agreed_is_part_of_it(raw):
    effect = plan_effect(PlanChange(now, new, agreed) for now, new, agreed in raw)
    assert effect.proposed == sum((now - new for now, new, _ in raw), Decimal(0))
    assert effect.agreed == sum((now - new for now, new, agreed in raw if agreed), Decimal(0))


def test_previous_month_crosses_the_year():

    assert previous_month(datetime.date(2026, 1, 1)) == datetime.date(2025, 12, 1)
    assert previous_month(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 1)
