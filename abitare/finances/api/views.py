"""The household-finances API: budgets and lines, the budget chart, debts, restructuring plans.
Views call selectors and services; every read of a household's finances is logged."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import ValidationFailed
from abitare.core.idempotency import idempotent
from abitare.finances import charts, selectors, services
from abitare.finances.api import serializers as s
from abitare.finances.models import Budget, Debt, RestructuringPlan
from abitare.finances.permissions import FINANCES
from abitare.registry.models import Household
from abitare.registry.selectors import household_list

HOUSEHOLD = OpenApiParameter("household", int, required=False, description="Only this household.")
M = TypeVar("M", bound=Model)
# The lists are not paginated: a household has a few budgets, debts and plans; this bounds a territory.
LIMIT = 500


def _household(request: Request, pk: Any, *, field: str | None = "household") -> Household:
    """A household in scope: a field error when named in the body, 404 when in the path."""
    household_id = params.as_id(pk)
    found = household_list(actor=actor_of(request)).filter(pk=household_id).first() if household_id else None
    if found is None:
        if field is None:
            raise NotFound
        raise ValidationFailed({field: [_("No household with this number in your territory.")]})
    return found


def _filter_household(request: Request, queryset: QuerySet[M]) -> QuerySet[M]:
    raw = request.query_params.get("household")
    return queryset.filter(household=_household(request, raw)) if raw else queryset


@access(FINANCES)
class BudgetList(LoggedListAPIView[Budget]):
    """Monthly budgets in scope (at most 500, by household and month); POST opens a month's budget."""

    serializer_class = s.BudgetOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Budget]:
        budgets = _filter_household(self.request, selectors.budget_list(actor=self.actor))
        return budgets.prefetch_related("lines").order_by("household_id", "month")[:LIMIT]

    @extend_schema(parameters=[HOUSEHOLD], summary="Family budgets")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.BudgetInput, responses={201: s.BudgetOutput}, summary="Open a month's budget")
    def post(self, request: Request) -> Response:
        data = s.BudgetInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = _household(request, values.pop("household"))
        budget = services.budget_create(actor=actor_of(request), household=household, **values)
        return Response(s.BudgetOutput(budget).data, status=status.HTTP_201_CREATED)


def _budget(request: Request, pk: int) -> Budget:
    budget = selectors.budget_get(actor=actor_of(request), pk=pk)
    if budget is None:
        raise NotFound
    return budget


@access(FINANCES)
class BudgetDetail(APIView):
    @extend_schema(responses=s.BudgetOutput)
    def get(self, request: Request, pk: int) -> Response:
        budget = _budget(request, pk)
        log_read(request, budget, actor=actor_of(request))
        return Response(s.BudgetOutput(budget).data)


@access(FINANCES)
class BudgetLines(APIView):
    @extend_schema(request=s.BudgetLineInput, responses={201: s.BudgetOutput}, summary="Add a line to a budget")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        data = s.BudgetLineInput(data=request.data)
        data.is_valid(raise_exception=True)
        budget = _budget(request, pk)
        services.budget_line_add(actor=actor_of(request), budget=budget, **data.validated_data)
        return Response(s.BudgetOutput(_budget(request, pk)).data, status=status.HTTP_201_CREATED)


@access(FINANCES)
class BudgetSeries(APIView):
    @extend_schema(responses=s.MonthOutput(many=True), summary="A household's incomes, expenses and surplus by month")
    def get(self, request: Request, pk: int) -> Response:
        household = _household(request, pk, field=None)
        log_read(request, household, purpose="household finances", actor=actor_of(request))
        rows = selectors.budget_series(actor=actor_of(request), household=household)
        return Response(s.MonthOutput(rows, many=True).data)


@access(FINANCES)
class BudgetChart(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Vega-Lite specification of the budget over time")
    def get(self, request: Request, pk: int) -> Response:
        household = _household(request, pk, field=None)
        log_read(request, household, purpose="household finances chart", actor=actor_of(request))
        rows = selectors.budget_series(actor=actor_of(request), household=household)
        labels = {
            "incomes": gettext_now("Incomes"),
            "expenses": gettext_now("Expenses"),
            "surplus": gettext_now("Surplus or deficit"),
            "month": gettext_now("Month"),
            "euro": gettext_now("Euro"),
        }
        return Response(charts.budget_spec(rows, labels=labels, title=gettext_now("Family budget month by month")))


@access(FINANCES)
class DebtList(LoggedListAPIView[Debt]):
    """Debts in scope (at most 500); POST adds one."""

    serializer_class = s.DebtOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Debt]:
        return _filter_household(self.request, selectors.debt_list(actor=self.actor))[:LIMIT]

    @extend_schema(parameters=[HOUSEHOLD], summary="Debt inventory")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.DebtInput, responses={201: s.DebtOutput}, summary="Add a debt")
    @idempotent
    def post(self, request: Request) -> Response:
        data = s.DebtInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = _household(request, values.pop("household"))
        debt = services.debt_create(actor=actor_of(request), household=household, **values)
        return Response(s.DebtOutput(debt).data, status=status.HTTP_201_CREATED)


def _debt(request: Request, pk: int) -> Debt:
    debt = selectors.debt_get(actor=actor_of(request), pk=pk)
    if debt is None:
        raise NotFound
    return debt


@access(FINANCES)
class DebtDetail(APIView):
    @extend_schema(responses=s.DebtOutput)
    def get(self, request: Request, pk: int) -> Response:
        debt = _debt(request, pk)
        log_read(request, debt, actor=actor_of(request))
        return Response(s.DebtOutput(debt).data)

    @extend_schema(request=s.DebtUpdateInput, responses=s.DebtOutput, summary="Bring a debt up to date")
    def put(self, request: Request, pk: int) -> Response:
        data = s.DebtUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        debt = services.debt_update(actor=actor_of(request), debt=_debt(request, pk), **data.validated_data)
        return Response(s.DebtOutput(debt).data)


@access(FINANCES)
class PlanList(LoggedListAPIView[RestructuringPlan]):
    """Debt restructuring plans in scope (at most 500) with their lines; POST starts one."""

    serializer_class = s.PlanOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[RestructuringPlan]:
        plans = _filter_household(self.request, selectors.plan_list(actor=self.actor))
        return plans.prefetch_related("lines__debt")[:LIMIT]

    @extend_schema(parameters=[HOUSEHOLD], summary="Debt restructuring plans")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.PlanInput, responses={201: s.PlanOutput}, summary="Start a restructuring plan")
    def post(self, request: Request) -> Response:
        data = s.PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = _household(request, values.pop("household"))
        plan = services.plan_create(actor=actor_of(request), household=household, **values)
        return Response(s.PlanOutput(plan).data, status=status.HTTP_201_CREATED)


def _plan(request: Request, pk: int) -> RestructuringPlan:
    plan = selectors.plan_get(actor=actor_of(request), pk=pk)
    if plan is None:
        raise NotFound
    return plan


@access(FINANCES)
class PlanDetail(APIView):
    @extend_schema(responses=s.PlanOutput)
    def get(self, request: Request, pk: int) -> Response:
        plan = _plan(request, pk)
        log_read(request, plan, actor=actor_of(request))
        return Response(s.PlanOutput(plan).data)


@access(FINANCES)
class PlanLines(APIView):
    @extend_schema(request=s.PlanLineInput, responses=s.PlanOutput, summary="Set a debt's new instalment in the plan")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        data = s.PlanLineInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plan = _plan(request, pk)
        debt = selectors.debt_get(actor=actor_of(request), pk=values.pop("debt"))
        if debt is None:
            raise ValidationFailed({"debt": [_("No debt with this number in your territory.")]})
        services.plan_line_set(actor=actor_of(request), plan=plan, debt=debt, **values)
        return Response(s.PlanOutput(_plan(request, pk)).data)


@access(FINANCES)
class PlanStatus(APIView):
    @extend_schema(request=s.PlanStatusInput, responses=s.PlanOutput, summary="Put a plan in force or close it")
    def post(self, request: Request, pk: int) -> Response:
        data = s.PlanStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_set_status(actor=actor_of(request), plan=_plan(request, pk), **data.validated_data)
        return Response(s.PlanOutput(_plan(request, plan.pk)).data)
