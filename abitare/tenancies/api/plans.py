"""API of repayment plans and their instalments."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.idempotency import idempotent
from abitare.tenancies.api._recovery import membership, or_404, tenancy_by_reference
from abitare.tenancies.models import PlanStatusChange, RepaymentPlan
from abitare.tenancies.permissions import RECOVERY
from abitare.tenancies.selectors import plans as selectors
from abitare.tenancies.services import plans as services


class RepaymentPlanOutput(serializers.ModelSerializer[RepaymentPlan]):
    tenancy_reference = serializers.CharField(source="tenancy.reference")

    class Meta:
        model = RepaymentPlan
        fields = [
            "id", "tenancy", "tenancy_reference", "case", "debt", "split", "first_due", "agreed_on",
            "creditor", "tolerance_days", "start_balance", "status", "note",
        ]  # fmt: skip


class InstalmentStateOutput(serializers.Serializer[Any]):
    number = params.IntegerField()
    due_date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    overdue = serializers.BooleanField()


class PlanChangeOutput(serializers.ModelSerializer[PlanStatusChange]):
    class Meta:
        model = PlanStatusChange
        fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]


class RepaymentPlanDetailOutput(RepaymentPlanOutput):
    repaid = serializers.DecimalField(max_digits=12, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=12, decimal_places=2)
    expected = serializers.DecimalField(max_digits=12, decimal_places=2)
    instalments = InstalmentStateOutput(many=True)
    history = PlanChangeOutput(many=True)

    class Meta(RepaymentPlanOutput.Meta):
        fields = [*RepaymentPlanOutput.Meta.fields, "repaid", "outstanding", "expected", "instalments", "history"]


class PlanInstalmentInput(serializers.Serializer[Any]):
    due_date = serializers.DateField(required=False)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class RepaymentPlanInput(serializers.Serializer[Any]):
    tenancy = serializers.CharField(max_length=20, help_text="The tenancy reference.")
    debt = serializers.DecimalField(max_digits=12, decimal_places=2)
    count = params.IntegerField(required=False, min_value=1, max_value=120, help_text="Equal instalments.")
    instalments = PlanInstalmentInput(many=True, required=False, help_text="Custom instalments instead of count.")
    first_due = serializers.DateField()
    agreed_on = serializers.DateField()
    creditor = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("count")) == bool(attrs.get("instalments")):
            raise serializers.ValidationError({"count": ["Give either count or instalments."]})
        return attrs


class PlanReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


def _detail(plan: RepaymentPlan) -> dict[str, Any]:
    position = services.plan_position(plan)
    data = dict(RepaymentPlanOutput(plan).data)
    data.update(
        repaid=str(position.repaid),
        outstanding=str(position.outstanding),
        expected=str(position.expected),
        instalments=InstalmentStateOutput(position.instalments, many=True).data,
        history=PlanChangeOutput(plan.changes.all(), many=True).data,
    )
    return data


@access(RECOVERY)
class PlanList(generics.ListAPIView[RepaymentPlan]):
    """Repayment plans; ``?status=``. POST agrees a new plan (equal ``count`` or custom
    ``instalments`` that add up to the debt exactly)."""

    serializer_class = RepaymentPlanOutput

    def get_queryset(self) -> Any:
        status_filter = self.request.query_params.get("status", "")
        return selectors.plan_list(actor=membership(self.request), status=status_filter).order_by("id")

    @extend_schema(request=RepaymentPlanInput, responses={201: RepaymentPlanDetailOutput})
    @idempotent
    def post(self, request: Request) -> Response:
        member = membership(request)
        data = RepaymentPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        tenancy = tenancy_by_reference(member, values["tenancy"])
        custom = values.get("instalments") or None
        due: list[datetime.date] | None = None
        amounts: list[Decimal] | None = None
        if custom:
            amounts = [row["amount"] for row in custom]
            dates = [row.get("due_date") for row in custom]
            due = [day for day in dates if day is not None] if all(dates) else None
        plan = services.plan_create(
            actor=member,
            tenancy=tenancy,
            debt=values["debt"],
            count=values.get("count"),
            amounts=amounts,
            due_dates=due,
            first_due=values["first_due"],
            agreed_on=values["agreed_on"],
            creditor=values["creditor"],
            note=values["note"],
        )
        return Response(_detail(plan), status=status.HTTP_201_CREATED)


@access(RECOVERY)
class PlanDetail(APIView):
    """A plan with its instalments (paid so far, overdue), where it stands and its history."""

    @extend_schema(responses=RepaymentPlanDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        plan = or_404(selectors.plan_get(actor=membership(request), pk=pk))
        log_read(request, plan.tenancy, actor=actor_of(request))
        return Response(_detail(plan))


@access(RECOVERY)
class PlanCheck(APIView):
    @extend_schema(request=None, responses=RepaymentPlanDetailOutput)
    def post(self, request: Request, pk: int) -> Response:
        plan = or_404(selectors.plan_get(actor=membership(request), pk=pk))
        return Response(_detail(services.plan_check(plan=plan, actor=actor_of(request))))


@access(RECOVERY)
class PlanCancel(APIView):
    @extend_schema(request=PlanReasonInput, responses=RepaymentPlanDetailOutput)
    def post(self, request: Request, pk: int) -> Response:
        plan = or_404(selectors.plan_get(actor=membership(request), pk=pk))
        data = PlanReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = services.plan_cancel(actor=actor_of(request), plan=plan, reason=data.validated_data["reason"])
        return Response(_detail(cancelled))
