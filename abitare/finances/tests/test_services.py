"""Household-finance services: budgets, lines, copies, debts, plans, enrolments."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.finances import selectors, services
from abitare.finances.models import Budget, BudgetLine, Category, Debt, RestructuringLine
from abitare.finances.tests.conftest import MONTH
from abitare.registry.tests.factories import actor_of, make_household, make_person

pytestmark = pytest.mark.django_db


def test_the_month_is_its_first_day_and_one_budget_per_month(operator, family):
    budget = services.budget_create(actor=actor_of(operator), household=family, month=datetime.date(2026, 4, 17))
    assert budget.month == datetime.date(2026, 4, 1)
    with pytest.raises(Conflict):
        services.budget_create(actor=actor_of(operator), household=family, month=datetime.date(2026, 4, 2))
    assert Budget.objects.count() == 1


def test_totals_and_surplus(budget):
    totals = selectors.budget_totals(budget=budget)
    assert (totals.incomes, totals.expenses, totals.surplus) == (
        Decimal("1650.00"),
        Decimal("1130.40"),
        Decimal("519.60"),
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(Category.values), st.decimals(min_value="0", max_value="9999.99", places=2)),
        max_size=8,
    )
)
def test_budget_totals_equal_the_sum_of_its_lines(operator, family, raw):
    Budget.objects.all().delete()
    budget = services.budget_create(actor=actor_of(operator), household=family, month=MONTH)
    for category, amount in raw:
        services.budget_line_add(actor=actor_of(operator), budget=budget, category=category, amount=amount)
    totals = selectors.budget_totals(budget=budget)
    stored = list(BudgetLine.objects.filter(budget=budget).values_list("direction", "amount"))
    assert totals.incomes == sum((a for d, a in stored if d == "income"), Decimal(0))
    assert totals.expenses == sum((a for d, a in stored if d == "expense"), Decimal(0))
    assert totals.surplus == totals.incomes - totals.expenses


def test_the_direction_follows_the_category(operator, budget):
    line = services.budget_line_add(actor=actor_of(operator), budget=budget, category="pension", amount=Decimal(1))
    assert line.direction == "income"
    line = services.budget_line_add(actor=actor_of(operator), budget=budget, category="health", amount=Decimal(1))
    assert line.direction == "expense"


def test_bad_lines_are_refused_and_nothing_changes(operator, budget):
    before = budget.lines.count()
    with pytest.raises(ValidationFailed) as refused:
        services.budget_line_add(actor=actor_of(operator), budget=budget, category="lottery", amount=Decimal("-1"))
    assert set(refused.value.errors) == {"category", "amount"}
    assert budget.lines.count() == before


def test_copy_of_the_latest_earlier_month(operator, family, budget):
    copy = services.budget_create(
        actor=actor_of(operator), household=family, month=datetime.date(2026, 5, 1), copy_previous=True
    )
    assert sorted(copy.lines.values_list("category", "amount")) == sorted(
        budget.lines.values_list("category", "amount")
    )
    with pytest.raises(DomainError):
        services.budget_create(
            actor=actor_of(operator), household=family, month=datetime.date(2025, 1, 1), copy_previous=True
        )


def test_another_organisation_cannot_touch_the_budget(other_org_operator, budget):
    with pytest.raises(NotAllowed):
        services.budget_line_add(actor=actor_of(other_org_operator), budget=budget, category="food", amount=Decimal(1))
    assert budget.lines.count() == 4


def test_rent_and_utility_debts_are_priority_by_default(operator, family, debt):
    rent = services.debt_create(
        actor=actor_of(operator), household=family, creditor="ATER", kind="rent", outstanding=Decimal(900)
    )
    assert rent.priority is True
    assert debt.priority is False
    totals = selectors.debt_totals(debts=Debt.objects.all())
    assert totals.outstanding == Decimal("5700.00")
    assert totals.priority_arrears == Decimal("0.00")


def test_a_debt_with_a_bad_rate_is_refused(operator, family):
    with pytest.raises(ValidationFailed) as refused:
        services.debt_create(
            actor=actor_of(operator),
            household=family,
            creditor=" ",
            kind="consumer_credit",
            outstanding=Decimal(100),
            annual_rate=Decimal(150),
        )
    assert set(refused.value.errors) == {"creditor", "annual_rate"}
    assert not Debt.objects.exists()


def test_the_plan_changes_the_surplus_by_the_instalments_saved(operator, family, budget, debt):
    plan = services.plan_create(actor=actor_of(operator), household=family, name="Rientro 2026")
    with pytest.raises(DomainError):
        services.plan_set_status(actor=actor_of(operator), plan=plan, status="active")
    services.plan_line_set(
        actor=actor_of(operator), plan=plan, debt=debt, new_instalment=Decimal(80), agreed=False, start_on=MONTH
    )
    summary = selectors.plan_summary(plan=plan)
    assert summary.effect.proposed == Decimal("100.00")
    assert summary.effect.agreed == Decimal("0.00")
    assert summary.surplus_proposed == Decimal("619.60")
    services.plan_line_set(
        actor=actor_of(operator), plan=plan, debt=debt, new_instalment=Decimal(90), agreed=True, start_on=MONTH
    )
    assert RestructuringLine.objects.count() == 1
    assert selectors.plan_summary(plan=plan).surplus_agreed == Decimal("609.60")
    services.plan_set_status(actor=actor_of(operator), plan=plan, status="active")


def test_a_plan_line_for_another_households_debt_is_refused(operator, family, debt):

    other = make_household(operator, make_person(operator, n=7), name="Altra")
    plan = services.plan_create(actor=actor_of(operator), household=other, name="Piano")
    with pytest.raises(DomainError):
        services.plan_line_set(
            actor=actor_of(operator), plan=plan, debt=debt, new_instalment=Decimal(1), agreed=True, start_on=MONTH
        )
    assert not RestructuringLine.objects.exists()


def test_an_enrolment_needs_a_lab_or_a_course_name(operator, family):
    with pytest.raises(ValidationFailed):
        services.enrolment_record(actor=actor_of(operator), household=family, enrolled_on=MONTH)
    enrolment = services.enrolment_record(
        actor=actor_of(operator), household=family, enrolled_on=MONTH, course_name="Educazione finanziaria di base"
    )
    assert str(enrolment) == "Educazione finanziaria di base"
