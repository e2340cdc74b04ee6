"""Reads of household finances, scoped to the membership's organisation and territory."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.finances import budget as core
from abitare.finances.models import Budget, BudgetLine, CourseEnrolment, Debt, RestructuringPlan
from abitare.registry.models import Household


def finance_households(*, actor: Membership | None) -> QuerySet[Household]:
    """Households in scope with a budget or a debt, with the month of their latest budget."""
    budgets = scope(Budget.objects.all(), actor)
    debts = scope(Debt.objects.all(), actor)
    latest = Budget.objects.filter(household=OuterRef("pk")).order_by("-month").values("month")[:1]
    return (
        scope(Household.objects.all(), actor)
        .filter(Q(pk__in=budgets.values("household_id")) | Q(pk__in=debts.values("household_id")))
        .annotate(last_month=Subquery(latest))
        .select_related("territory")
        .order_by("name", "id")
    )


def budget_list(*, actor: Membership | None, household: Household | None = None) -> QuerySet[Budget]:
    budgets = scope(Budget.objects.all(), actor).select_related("household")
    return budgets.filter(household=household) if household is not None else budgets


def budget_get(*, actor: Membership | None, pk: Any) -> Budget | None:
    return budget_list(actor=actor).prefetch_related("lines").filter(pk=pk).first()


def budget_line_get(*, actor: Membership | None, pk: Any) -> BudgetLine | None:
    return BudgetLine.objects.filter(budget__in=budget_list(actor=actor), pk=pk).select_related("budget").first()


def lines_of(lines: Any) -> list[core.Line]:
    return [core.Line(direction=line.direction, category=line.category, amount=line.amount) for line in lines]


def budget_totals(*, budget: Budget) -> core.Totals:
    return core.totals(lines_of(budget.lines.all()))


@dataclass(frozen=True)
class MonthRow:
    budget_id: int
    month: Any
    incomes: Decimal
    expenses: Decimal
    surplus: Decimal


def budget_series(*, actor: Membership | None, household: Household) -> list[MonthRow]:
    """Incomes, expenses and surplus per month, oldest first: one query for every month's lines."""
    budgets = list(budget_list(actor=actor, household=household).order_by("month").prefetch_related("lines"))
    rows = []
    for budget in budgets:
        totals = core.totals(lines_of(budget.lines.all()))
        rows.append(MonthRow(budget.pk, budget.month, totals.incomes, totals.expenses, totals.surplus))
    return rows


def debt_list(*, actor: Membership | None, household: Household | None = None) -> QuerySet[Debt]:
    debts = scope(Debt.objects.all(), actor)
    return debts.filter(household=household) if household is not None else debts


def debt_get(*, actor: Membership | None, pk: Any) -> Debt | None:
    return debt_list(actor=actor).select_related("household").filter(pk=pk).first()


@dataclass(frozen=True)
class DebtTotals:
    outstanding: Decimal
    monthly_instalments: Decimal
    arrears: Decimal
    priority_arrears: Decimal


def debt_totals(*, debts: Any) -> DebtTotals:
    open_debts = [debt for debt in debts if debt.closed_on is None]
    zero = Decimal("0.00")
    return DebtTotals(
        outstanding=sum((d.outstanding for d in open_debts), zero),
        monthly_instalments=sum((d.monthly_instalment for d in open_debts), zero),
        arrears=sum((d.arrears for d in open_debts), zero),
        priority_arrears=sum((d.arrears for d in open_debts if d.priority), zero),
    )


def plan_list(*, actor: Membership | None, household: Household | None = None) -> QuerySet[RestructuringPlan]:
    plans = scope(RestructuringPlan.objects.all(), actor).select_related("household")
    return plans.filter(household=household) if household is not None else plans


def plan_get(*, actor: Membership | None, pk: Any) -> RestructuringPlan | None:
    return plan_list(actor=actor).prefetch_related("lines__debt").filter(pk=pk).first()


@dataclass(frozen=True)
class PlanSummary:
    effect: core.PlanEffect
    surplus_now: Decimal | None
    surplus_proposed: Decimal | None
    surplus_agreed: Decimal | None


def plan_summary(*, plan: RestructuringPlan) -> PlanSummary:
    """The plan's effect on the monthly surplus, from the household's latest budget."""
    effect = core.plan_effect(
        core.PlanChange(line.debt.monthly_instalment, line.new_instalment, line.agreed) for line in plan.lines.all()
    )
    latest = Budget.objects.filter(household_id=plan.household_id).order_by("-month").first()
    if latest is None:
        return PlanSummary(effect, None, None, None)
    now = core.totals(lines_of(latest.lines.all())).surplus
    return PlanSummary(effect, now, now + effect.proposed, now + effect.agreed)


def enrolment_list(*, actor: Membership | None, household: Household) -> QuerySet[CourseEnrolment]:
    return scope(CourseEnrolment.objects.filter(household=household), actor).select_related("lab")


def lab_choices(*, actor: Membership | None) -> QuerySet[Any]:
    """Published labs of the membership's district: any lab of the public directory may teach."""
    model = CourseEnrolment._meta.get_field("lab").related_model
    if actor is None or model is None or isinstance(model, str):
        return CourseEnrolment.objects.none()
    district = actor.territory.root_path
    return model._default_manager.filter(is_published=True, territory__path__startswith=district).order_by("name")


def chart_links(*, household: Household) -> dict[str, str]:
    return {
        "spec": reverse("finances:budget-chart", args=[household.pk]),
        "page": reverse("finances:household", args=[household.pk]),
    }
