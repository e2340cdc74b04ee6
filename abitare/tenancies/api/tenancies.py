"""API of tenancies, the rent ledger, savings, write-offs and exits. Views call services and
selectors; refusals come back as the uniform 4xx error body."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.idempotency import idempotent
from abitare.housing.selectors import unit_list
from abitare.matching.selectors import allocation_get
from abitare.registry.selectors import household_list
from abitare.tenancies import accounting
from abitare.tenancies.api.tenancy_serializers import (
    LedgerEntryOutput,
    LedgerReasonInput,
    SavingsDepositInput,
    SavingsEntryOutput,
    SavingsPayoutInput,
    TenancyDetailOutput,
    TenancyExitInput,
    TenancyExitOutput,
    TenancyInput,
    TenancyOutput,
    TenancyPaymentInput,
    TenancyStatementOutput,
    TenancyStatementQuery,
    WriteOffDecisionInput,
    WriteOffInput,
    WriteOffOutput,
)
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, TenancyExit, WriteOffRequest
from abitare.tenancies.permissions import LEDGER_POST, TENANCIES_EDIT, TENANCIES_VIEW, WRITE_OFF_APPROVE
from abitare.tenancies.selectors import ledger as ledger_selectors
from abitare.tenancies.selectors.tenancy import TenancyFilters, tenancy_get, tenancy_list
from abitare.tenancies.services import ledger as ledger_services
from abitare.tenancies.services import savings as savings_services
from abitare.tenancies.services import tenancy as tenancy_services


def _tenancy(request: Request, pk: int) -> Tenancy:
    found = tenancy_get(actor=actor_of(request), pk=pk)
    if found is None:
        raise Http404
    return found


def _detail(request: Request, tenancy: Tenancy) -> dict[str, Any]:
    movements = ledger_selectors.movements_of(tenancy)
    tenancy.balance = accounting.balance_at(movements)  # type: ignore[attr-defined]
    tenancy.savings_balance = savings_services.savings_balance(tenancy=tenancy)  # type: ignore[attr-defined]

    tenancy.ageing = accounting.ageing(movements, at=timezone.localdate()).buckets  # type: ignore[attr-defined]
    return dict(TenancyDetailOutput(tenancy, context={"request": request}).data)


@access(TENANCIES_VIEW)
class TenancyListCreate(LoggedListAPIView[Tenancy]):
    """Tenancies with their balance; filters ``status``, ``contract_type``, ``pathway``, ``territory``,
    ``in_arrears=on``, ``q``. POST enters a tenancy by hand, or from an accepted offer (``allocation``)."""

    serializer_class = TenancyOutput

    def get_queryset(self) -> QuerySet[Tenancy]:
        filters = TenancyFilters.from_query(self.request.query_params)
        return tenancy_list(actor=self.actor, filters=filters).order_by("id")

    @extend_schema(request=TenancyInput, responses={201: TenancyDetailOutput})
    @idempotent
    def post(self, request: Request) -> Response:
        if not TENANCIES_EDIT.allows(request):
            raise exceptions.PermissionDenied
        membership = actor_of(request)
        assert membership is not None
        data = TenancyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        common = {
            "contract_type": values["contract_type"],
            "ends_on": values.get("ends_on"),
            "monthly_rent": values.get("monthly_rent"),
            "monthly_charges": values.get("monthly_charges"),
            "savings_deposit": values["savings_deposit"],
            "due_day": values["due_day"],
        }
        if "allocation" in values:
            allocation = allocation_get(actor=membership, pk=values["allocation"])
            if allocation is None:
                raise serializers.ValidationError({"allocation": ["No allocation of yours has this id."]})
            tenancy = tenancy_services.tenancy_create_from_allocation(
                actor=actor_of(request),
                allocation=allocation,
                **common,
            )
        else:
            unit = unit_list(actor=membership).filter(pk=values["unit"]).first()
            household = household_list(actor=membership).filter(pk=values["household"]).first()
            if unit is None or household is None:
                raise serializers.ValidationError(
                    {("unit" if unit is None else "household"): ["Not found among yours."]}
                )
            tenancy = tenancy_services.tenancy_create(
                actor=actor_of(request),
                organisation=membership.organisation,
                territory=unit.building.territory,
                unit=unit,
                household=household,
                pathway=values["pathway"],
                starts_on=values["starts_on"],
                **common,
            )
        return Response(_detail(request, tenancy), status=status.HTTP_201_CREATED)


@access(TENANCIES_VIEW)
class TenancyDetail(APIView):
    """One tenancy with its balance, savings balance and ageing buckets."""

    @extend_schema(responses=TenancyDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        log_read(request, tenancy, actor=actor_of(request))
        return Response(_detail(request, tenancy))


@access(TENANCIES_EDIT)
class TenancyRenew(APIView):
    """Renew the contract by its type's renewal term."""

    @extend_schema(request=None, responses=TenancyDetailOutput)
    def post(self, request: Request, pk: int) -> Response:
        tenancy = tenancy_services.tenancy_renew(actor=actor_of(request), tenancy=_tenancy(request, pk))
        return Response(_detail(request, tenancy))


@access(TENANCIES_EDIT)
class TenancyExitCreate(APIView):
    """Record the exit: savings paid out, charges after it settled, the unit vacating."""

    @extend_schema(request=TenancyExitInput, responses={201: TenancyExitOutput})
    def post(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        data = TenancyExitInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = tenancy_services.tenancy_exit(
            actor=actor_of(request),
            tenancy=tenancy,
            **data.validated_data,
        )
        return Response(TenancyExitOutput(record).data, status=status.HTTP_201_CREATED)


@access(TENANCIES_VIEW)
class ExitList(generics.ListAPIView[TenancyExit]):
    """Exits of your tenancies, newest first: date, destination, pathway."""

    serializer_class = TenancyExitOutput

    def get_queryset(self) -> QuerySet[TenancyExit]:
        tenancies = tenancy_list(actor=actor_of(self.request))
        return (
            TenancyExit.objects.filter(tenancy__in=tenancies.values("pk"))
            .select_related("tenancy")
            .order_by("-exited_on", "-id")
        )


@access(TENANCIES_VIEW)
class EntryList(generics.ListAPIView[LedgerEntry]):
    """The tenancy's ledger entries in value-date order (read only: entries are never changed)."""

    serializer_class = LedgerEntryOutput

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        return ledger_selectors.entry_list(tenancy=_tenancy(self.request, self.kwargs["pk"]))


@access(LEDGER_POST)
class PaymentCreate(APIView):
    """Record a payment received; the amount must be above zero."""

    @extend_schema(request=TenancyPaymentInput, responses={201: LedgerEntryOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        data = TenancyPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = ledger_services.payment_record(actor=actor_of(request), tenancy=tenancy, **data.validated_data)
        return Response(LedgerEntryOutput(entry).data, status=status.HTTP_201_CREATED)


@access(LEDGER_POST)
class EntryReverse(APIView):
    """Reverse an entry with a reason (once; a reversal is not reversed)."""

    @extend_schema(request=LedgerReasonInput, responses={201: LedgerEntryOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancies = tenancy_list(actor=actor_of(request))
        entry = LedgerEntry.objects.filter(pk=pk, tenancy__in=tenancies.values("pk")).first()
        if entry is None:
            raise Http404
        data = LedgerReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = ledger_services.entry_reverse(
            actor=actor_of(request), entry=entry, reason=data.validated_data["reason"]
        )
        return Response(LedgerEntryOutput(reversal).data, status=status.HTTP_201_CREATED)


@access(TENANCIES_VIEW)
class StatementView(APIView):
    """The statement between two dates (inclusive): opening, lines with running balance, closing."""

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
        ],
        responses=TenancyStatementOutput,
    )
    def get(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        query = TenancyStatementQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        log_read(request, tenancy, actor=actor_of(request))
        statement = ledger_selectors.statement_for(
            tenancy, query.validated_data.get("date_from"), query.validated_data.get("date_to")
        )
        return Response(TenancyStatementOutput(statement).data)


@access(TENANCIES_VIEW)
class SavingsList(generics.ListAPIView[SavingsEntry]):
    """The savings entries of a tenancy (deposits, payouts, reversals)."""

    serializer_class = SavingsEntryOutput

    def get_queryset(self) -> QuerySet[SavingsEntry]:
        return ledger_selectors.savings_entry_list(tenancy=_tenancy(self.request, self.kwargs["pk"]))


@access(LEDGER_POST)
class SavingsDepositCreate(APIView):
    """Record a savings deposit (service contracts)."""

    @extend_schema(request=SavingsDepositInput, responses={201: SavingsEntryOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        data = SavingsDepositInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = savings_services.savings_deposit(actor=actor_of(request), tenancy=tenancy, **data.validated_data)
        return Response(SavingsEntryOutput(entry).data, status=status.HTTP_201_CREATED)


@access(LEDGER_POST)
class SavingsPayoutCreate(APIView):
    """Pay savings out, naming what they fund; never more than the balance."""

    @extend_schema(request=SavingsPayoutInput, responses={201: SavingsEntryOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        data = SavingsPayoutInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = savings_services.savings_payout(actor=actor_of(request), tenancy=tenancy, **data.validated_data)
        return Response(SavingsEntryOutput(entry).data, status=status.HTTP_201_CREATED)


@access(LEDGER_POST)
class WriteOffCreate(APIView):
    """Ask a coordinator to write off part of the debt (at most the balance)."""

    @extend_schema(request=WriteOffInput, responses={201: WriteOffOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancy = _tenancy(request, pk)
        data = WriteOffInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = ledger_services.write_off_request(actor=actor_of(request), tenancy=tenancy, **data.validated_data)
        return Response(WriteOffOutput(item).data, status=status.HTTP_201_CREATED)


@access(WRITE_OFF_APPROVE)
class WriteOffDecide(APIView):
    """A coordinator approves (the credit is posted) or rejects (a note is required)."""

    @extend_schema(request=WriteOffDecisionInput, responses=WriteOffOutput)
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        tenancies = tenancy_list(actor=actor_of(request))
        item = WriteOffRequest.objects.filter(pk=pk, tenancy__in=tenancies.values("pk")).first()
        if item is None:
            raise Http404
        data = WriteOffDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data["note"]
        if data.validated_data["decision"] == "approve":
            item = ledger_services.write_off_approve(actor=actor_of(request), request=item, note=note)
        else:
            item = ledger_services.write_off_reject(actor=actor_of(request), request=item, note=note)
        return Response(WriteOffOutput(item).data)
