"""API of bank statements: import (synchronous, all-or-nothing), statements, unmatched credits."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView
from abitare.core import params, uploads
from abitare.core.access import access
from abitare.core.idempotency import idempotent
from abitare.tenancies.api._recovery import membership, or_404, tenancy_by_reference
from abitare.tenancies.models import BankCredit, BankStatement
from abitare.tenancies.permissions import RECOVERY
from abitare.tenancies.selectors import payments as selectors
from abitare.tenancies.services import payments as services


class BankStatementOutput(serializers.ModelSerializer[BankStatement]):
    class Meta:
        model = BankStatement
        fields = [
            "id", "file_format", "format_version", "file_name", "file_hash", "message_id", "statement_id",
            "account_iban", "credits_count", "credits_total", "matched_count", "duplicates_count",
            "ignored_count", "imported_at",
        ]  # fmt: skip


class BankImportOutput(serializers.Serializer[Any]):
    statement = BankStatementOutput()
    already_imported = serializers.BooleanField()
    matched = params.IntegerField()
    unmatched = params.IntegerField()
    duplicates = params.IntegerField()
    message = serializers.CharField()


class BankImportInput(serializers.Serializer[Any]):
    file = serializers.FileField(max_length=200)


class BankCreditOutput(serializers.ModelSerializer[BankCredit]):
    tenancy_reference = serializers.CharField(source="tenancy.reference", default=None, allow_null=True)

    class Meta:
        model = BankCredit
        fields = [
            "id", "statement", "bank_reference", "amount", "value_date", "booking_date", "remittance",
            "end_to_end_id", "payer_iban", "payer_name", "status", "matched_by", "unmatched_reason",
            "tenancy", "tenancy_reference", "entry", "note",
        ]  # fmt: skip


class CreditAssignInput(serializers.Serializer[Any]):
    tenancy = serializers.CharField(max_length=20, help_text="The tenancy reference.")
    remember_iban = serializers.BooleanField(default=False)


class CreditDismissInput(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=300)


@access(RECOVERY)
class StatementList(generics.ListAPIView[BankStatement]):
    """Imported statements, newest first. POST a camt.053 XML or CSV file (multipart ``file``)
    to import it: 201 with the outcome, or 200 when the statement was already imported."""

    serializer_class = BankStatementOutput
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> Any:
        return selectors.statement_list(actor=membership(self.request))

    @extend_schema(
        request={"multipart/form-data": BankImportInput}, responses={200: BankImportOutput, 201: BankImportOutput}
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = BankImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if message := uploads.size_error(upload.size):
            raise serializers.ValidationError({"file": [message]})
        outcome = services.statement_import(actor=membership(request), data=upload.read(), file_name=upload.name)
        body = {
            "statement": outcome.statement,
            "already_imported": outcome.already_imported,
            "matched": outcome.matched,
            "unmatched": outcome.unmatched,
            "duplicates": outcome.duplicates,
            "message": outcome.message(),
        }
        code = status.HTTP_200_OK if outcome.already_imported else status.HTTP_201_CREATED
        return Response(BankImportOutput(body).data, status=code)


@access(RECOVERY)
class StatementDetail(APIView):
    @extend_schema(responses=BankStatementOutput)
    def get(self, request: Request, pk: int) -> Response:
        statement = or_404(selectors.statement_get(actor=membership(request), pk=pk))
        return Response(BankStatementOutput(statement).data)


@access(RECOVERY)
class CreditList(LoggedListAPIView[BankCredit]):
    """Credits of the statements; ``?status=unmatched`` is the queue waiting for an operator."""

    serializer_class = BankCreditOutput

    def get_queryset(self) -> Any:
        return selectors.credit_list(
            actor=self.actor,
            status=self.request.query_params.get("status", ""),
            statement_id=params.query_id(self.request.query_params, "statement"),
        ).order_by("value_date", "id")


@access(RECOVERY)
class CreditAssign(APIView):
    """Record an unmatched credit as a payment of a tenancy (by its reference)."""

    @extend_schema(request=CreditAssignInput, responses=BankCreditOutput)
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        member = membership(request)
        credit = or_404(selectors.credit_get(actor=member, pk=pk))
        data = CreditAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        tenancy = tenancy_by_reference(member, data.validated_data["tenancy"])
        assigned = services.credit_assign(
            actor=member, credit=credit, tenancy=tenancy, remember_iban=data.validated_data["remember_iban"]
        )
        return Response(BankCreditOutput(assigned).data)


@access(RECOVERY)
class CreditDismiss(APIView):
    """Mark an unmatched credit as not a rent payment, saying what it is."""

    @extend_schema(request=CreditDismissInput, responses=BankCreditOutput)
    def post(self, request: Request, pk: int) -> Response:
        member = membership(request)
        credit = or_404(selectors.credit_get(actor=member, pk=pk))
        data = CreditDismissInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            BankCreditOutput(services.credit_dismiss(actor=member, credit=credit, **data.validated_data)).data
        )
