"""API of arrears cases and the district scan."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.tenancies.api._recovery import membership, or_404
from abitare.tenancies.models import ArrearsCase
from abitare.tenancies.permissions import RECOVERY
from abitare.tenancies.selectors import arrears as selectors
from abitare.tenancies.services import arrears as services


class ArrearsCaseOutput(serializers.ModelSerializer[ArrearsCase]):
    tenancy_reference = serializers.CharField(source="tenancy.reference")

    class Meta:
        model = ArrearsCase
        fields = [
            "id", "tenancy", "tenancy_reference", "status", "opened_on", "balance_at_opening",
            "overdue_at_opening", "by_balance", "by_overdue", "rule_summary", "closed_on", "close_reason",
        ]  # fmt: skip


class ArrearsScanOutput(serializers.Serializer[Any]):
    district = serializers.CharField()
    candidates = params.IntegerField()
    opened = params.IntegerField()
    closed = params.IntegerField()


@access(RECOVERY)
class CaseList(generics.ListAPIView[ArrearsCase]):
    """Arrears cases; ``?status=open|closed``."""

    serializer_class = ArrearsCaseOutput

    def get_queryset(self) -> Any:
        status = self.request.query_params.get("status", "")
        return selectors.arrears_case_list(actor=membership(self.request), status=status).order_by("id")


@access(RECOVERY)
class CaseDetail(APIView):
    @extend_schema(responses=ArrearsCaseOutput)
    def get(self, request: Request, pk: int) -> Response:
        case = or_404(selectors.arrears_case_get(actor=membership(request), pk=pk))
        log_read(request, case.tenancy, actor=actor_of(request))
        return Response(ArrearsCaseOutput(case).data)


@access(RECOVERY)
class Scan(APIView):
    """Scan the caller's district now: opens and closes cases (idempotent)."""

    @extend_schema(request=None, responses=ArrearsScanOutput)
    def post(self, request: Request) -> Response:
        result = services.arrears_scan(district=services.district_of(membership(request)))
        return Response(ArrearsScanOutput(result).data)
