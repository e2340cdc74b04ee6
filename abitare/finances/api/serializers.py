"""Input and output shapes of the household-finances API (shape only: rules are in services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abitare.core import params
from abitare.finances.models import Budget, BudgetLine, Category, Debt, RestructuringLine, RestructuringPlan
from abitare.finances.selectors import budget_totals, plan_summary


def money(**options: Any) -> serializers.DecimalField:
    """An amount in euro, two decimal places."""
    return serializers.DecimalField(max_digits=12, decimal_places=2, **options)


class BudgetLineOutput(serializers.ModelSerializer[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["id", "direction", "category", "description", "amount"]


class TotalsOutput(serializers.Serializer[Any]):
    incomes = money()
    expenses = money()
    surplus = money()


class BudgetOutput(serializers.ModelSerializer[Budget]):
    lines = BudgetLineOutput(many=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = ["id", "household", "month", "notes", "lines", "totals"]

    @extend_schema_field(TotalsOutput)
    def get_totals(self, budget: Budget) -> dict[str, Any]:
        totals = budget_totals(budget=budget)
        return dict(TotalsOutput(totals).data)


class BudgetInput(serializers.Serializer[Any]):
    household = params.IntegerField(min_value=1)
    month = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"], help_text="YYYY-MM")
    copy_previous = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class BudgetLineInput(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=Category.choices)
    amount = money(min_value=Decimal(0))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MonthOutput(serializers.Serializer[Any]):
    budget_id = params.IntegerField()
    month = serializers.DateField()
    incomes = money()
    expenses = money()
    surplus = money()


class DebtOutput(serializers.ModelSerializer[Debt]):
    class Meta:
        model = Debt
        fields = [
            "id",
            "household",
            "creditor",
            "kind",
            "outstanding",
            "annual_rate",
            "monthly_instalment",
            "arrears",
            "priority",
            "closed_on",
        ]


class DebtFields(serializers.Serializer[Any]):
    creditor = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Debt.Kind.choices)
    outstanding = money(min_value=Decimal(0))
    annual_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100), default=Decimal(0)
    )
    monthly_instalment = money(min_value=Decimal(0), default=Decimal(0))
    arrears = money(min_value=Decimal(0), default=Decimal(0))


class DebtInput(DebtFields):
    household = params.IntegerField(min_value=1)
    priority = serializers.BooleanField(required=False, allow_null=True, default=None)


class DebtUpdateInput(DebtFields):
    priority = serializers.BooleanField()
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanLineOutput(serializers.ModelSerializer[RestructuringLine]):
    current_instalment = money(source="debt.monthly_instalment")

    class Meta:
        model = RestructuringLine
        fields = ["id", "debt", "current_instalment", "new_instalment", "agreed", "start_on"]


class PlanEffectOutput(serializers.Serializer[Any]):
    proposed = money(source="effect.proposed")
    agreed = money(source="effect.agreed")
    surplus_now = money(allow_null=True)
    surplus_proposed = money(allow_null=True)
    surplus_agreed = money(allow_null=True)


class PlanOutput(serializers.ModelSerializer[RestructuringPlan]):
    lines = PlanLineOutput(many=True)
    effect = serializers.SerializerMethodField()

    class Meta:
        model = RestructuringPlan
        fields = ["id", "household", "name", "status", "notes", "lines", "effect"]

    @extend_schema_field(PlanEffectOutput)
    def get_effect(self, plan: RestructuringPlan) -> dict[str, Any]:
        return dict(PlanEffectOutput(plan_summary(plan=plan)).data)


class PlanInput(serializers.Serializer[Any]):
    household = params.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class PlanLineInput(serializers.Serializer[Any]):
    debt = params.IntegerField(min_value=1)
    new_instalment = money(min_value=Decimal(0))
    agreed = serializers.BooleanField(required=False, default=False)
    start_on = serializers.DateField()


# The statuses an operator may set (a plan starts as a draft).
PLAN_SETTABLE_CHOICES = [
    (RestructuringPlan.Status.ACTIVE.value, RestructuringPlan.Status.ACTIVE.label),
    (RestructuringPlan.Status.CLOSED.value, RestructuringPlan.Status.CLOSED.label),
]


class PlanStatusInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PLAN_SETTABLE_CHOICES)
