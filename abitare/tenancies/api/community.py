"""API of community-work restitution: tasks and sessions of hours (record, confirm, reject)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.idempotency import idempotent
from abitare.tenancies.api._recovery import membership, or_404, tenancy_by_reference
from abitare.tenancies.models import CommunityTask, CommunityWorkSession
from abitare.tenancies.permissions import COMMUNITY_SUPERVISE, RECOVERY
from abitare.tenancies.selectors import community as selectors
from abitare.tenancies.services import community as services


class CommunityTaskOutput(serializers.ModelSerializer[CommunityTask]):
    class Meta:
        model = CommunityTask
        fields = ["id", "kind", "title", "place", "territory", "supervisor", "active"]


class CommunityTaskInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CommunityTask.Kind.choices)
    title = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    supervisor = params.IntegerField(help_text="A user of your organisation.")


class CommunitySessionOutput(serializers.ModelSerializer[CommunityWorkSession]):
    tenancy_reference = serializers.CharField(source="tenancy.reference")

    class Meta:
        model = CommunityWorkSession
        fields = [
            "id", "task", "tenancy", "tenancy_reference", "worked_on", "hours", "worker", "note", "status",
            "recorded_by", "decided_by", "decided_at", "rejection_reason", "hourly_rate", "amount", "entry",
        ]  # fmt: skip


class CommunitySessionInput(serializers.Serializer[Any]):
    task = params.IntegerField()
    tenancy = serializers.CharField(max_length=20, help_text="The tenancy reference.")
    worked_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    worker = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SessionRejectInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


@access(RECOVERY)
class TaskList(generics.ListAPIView[CommunityTask]):
    """Community-work tasks; POST adds one with its supervisor."""

    serializer_class = CommunityTaskOutput

    def get_queryset(self) -> Any:
        return selectors.task_list(actor=membership(self.request)).order_by("id")

    @extend_schema(request=CommunityTaskInput, responses={201: CommunityTaskOutput})
    def post(self, request: Request) -> Response:
        member = membership(request)
        data = CommunityTaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        supervisor = selectors.supervisor_choices(actor=member).filter(pk=values.pop("supervisor")).first()
        if supervisor is None:
            raise serializers.ValidationError({"supervisor": ["Choose a user of your organisation."]})
        task = services.task_create(actor=member, supervisor=supervisor, **values)
        return Response(CommunityTaskOutput(task).data, status=status.HTTP_201_CREATED)


@access(RECOVERY)
class SessionList(generics.ListAPIView[CommunityWorkSession]):
    """Hours recorded; ``?status=recorded|confirmed|rejected``. POST records hours, which wait
    for the task supervisor's confirmation."""

    serializer_class = CommunitySessionOutput

    def get_queryset(self) -> Any:
        query = self.request.query_params
        return selectors.session_list(actor=membership(self.request), status=query.get("status", "")).order_by("id")

    @extend_schema(request=CommunitySessionInput, responses={201: CommunitySessionOutput})
    @idempotent
    def post(self, request: Request) -> Response:
        member = membership(request)
        data = CommunitySessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        task = selectors.task_list(actor=member).filter(pk=values.pop("task")).first()
        if task is None:
            raise serializers.ValidationError({"task": ["Unknown task."]})
        tenancy = tenancy_by_reference(member, values.pop("tenancy"))
        session = services.session_record(actor=member, task=task, tenancy=tenancy, **values)
        return Response(CommunitySessionOutput(session).data, status=status.HTTP_201_CREATED)


@access(COMMUNITY_SUPERVISE)
class SessionConfirm(APIView):
    """The task's supervisor confirms the hours: they are credited to the rent ledger."""

    @extend_schema(request=None, responses=CommunitySessionOutput)
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        session = or_404(selectors.session_get(actor=membership(request), pk=pk))
        return Response(CommunitySessionOutput(services.session_confirm(actor=actor_of(request), session=session)).data)


@access(COMMUNITY_SUPERVISE)
class SessionReject(APIView):
    @extend_schema(request=SessionRejectInput, responses=CommunitySessionOutput)
    def post(self, request: Request, pk: int) -> Response:
        session = or_404(selectors.session_get(actor=membership(request), pk=pk))
        data = SessionRejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        rejected = services.session_reject(
            actor=actor_of(request), session=session, reason=data.validated_data["reason"]
        )
        return Response(CommunitySessionOutput(rejected).data)
