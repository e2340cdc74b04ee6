from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core.access import access
from abitare.housing import selectors, services
from abitare.housing.api.serializers import (
    AgreedRentInput,
    AgreedRentOutput,
    BuildingOutput,
    UnitOutput,
    UnitStateInput,
)
from abitare.housing.models import Building, Unit
from abitare.housing.permissions import STOCK_EDIT, STOCK_VIEW


@access(STOCK_VIEW)
class BuildingList(generics.ListAPIView[Building]):
    serializer_class = BuildingOutput

    def get_queryset(self) -> Any:
        return selectors.building_list(actor=actor_of(self.request)).order_by("name")


@access(STOCK_VIEW)
class UnitList(generics.ListAPIView[Unit]):
    """Units of the stock; filter with state, territory, owner_kind, pathway, step_free=on, wheelchair=on."""

    serializer_class = UnitOutput

    def get_queryset(self) -> Any:
        filters = selectors.StockFilters.from_query(self.request.query_params)
        return selectors.unit_list(actor=actor_of(self.request), filters=filters).order_by("id")


def _unit(request: Request, pk: int) -> Unit:
    unit = selectors.unit_get(actor=actor_of(request), pk=pk)
    if unit is None:
        raise NotFound
    return unit


@access(STOCK_VIEW)
class UnitDetail(APIView):
    @extend_schema(responses=UnitOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(UnitOutput(_unit(request, pk)).data)


@access(STOCK_EDIT)
class UnitStateChangeView(APIView):
    @extend_schema(request=UnitStateInput, responses=UnitOutput, summary="Move a unit to another state")
    def post(self, request: Request, pk: int) -> Response:
        data = UnitStateInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_change_state(
            actor=actor_of(request),
            unit=_unit(request, pk),
            to_state=data.validated_data["to_state"],
            reason=data.validated_data["reason"],
        )
        return Response(UnitOutput(unit).data)


@access(STOCK_VIEW)
class UnitAgreedRent(APIView):
    @extend_schema(request=AgreedRentInput, responses=AgreedRentOutput, summary="Agreed-rent range of a unit")
    def post(self, request: Request, pk: int) -> Response:
        data = AgreedRentInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.agreed_rent_for_unit(
            unit=_unit(request, pk),
            elements=data.validated_data["elements"],
            extras=data.validated_data["extras"],
            chosen_supplements=data.validated_data["supplements"],
        )
        return Response(AgreedRentOutput(result).data)
