from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
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
    BuildingInput,
    BuildingOutput,
    UnitInput,
    UnitOutput,
    UnitStateInput,
    UnitUpdateInput,
)
from abitare.housing.api.stock import building_of, valid
from abitare.housing.models import Building, Unit
from abitare.housing.permissions import STOCK_EDIT, STOCK_READ_MANAGE, STOCK_VIEW


@access(STOCK_READ_MANAGE)
class BuildingList(generics.ListAPIView[Building]):
    """Buildings of the stock (retired ones with ``retired=on``); POST adds one (administrators)."""

    serializer_class = BuildingOutput

    def get_queryset(self) -> Any:
        retired = self.request.query_params.get("retired") == "on"
        return selectors.building_list(actor=actor_of(self.request), include_retired=retired).order_by("name", "pk")

    @extend_schema(request=BuildingInput, responses={201: BuildingOutput}, summary="Add a building")
    def post(self, request: Request) -> Response:
        building = services.building_register(actor=actor_of(request), **valid(BuildingInput, request))
        return Response(BuildingOutput(building).data, status=status.HTTP_201_CREATED)


@access(STOCK_READ_MANAGE)
class UnitList(generics.ListAPIView[Unit]):
    """Units of the stock; filter with state, territory, owner_kind, pathway, step_free=on, wheelchair=on.
    POST adds a unit to a building (administrators)."""

    serializer_class = UnitOutput

    def get_queryset(self) -> Any:
        filters = selectors.StockFilters.from_query(self.request.query_params)
        return selectors.unit_list(actor=actor_of(self.request), filters=filters).order_by("id")

    @extend_schema(request=UnitInput, responses={201: UnitOutput}, summary="Add a unit")
    def post(self, request: Request) -> Response:
        values = valid(UnitInput, request)
        building = building_of(request, values.pop("building").pk)
        unit = services.unit_register(actor=actor_of(request), building=building, **values)
        return Response(UnitOutput(unit).data, status=status.HTTP_201_CREATED)


def _unit(request: Request, pk: int) -> Unit:
    unit = selectors.unit_get(actor=actor_of(request), pk=pk)
    if unit is None:
        raise NotFound
    return unit


@access(STOCK_READ_MANAGE)
class UnitDetail(APIView):
    @extend_schema(responses=UnitOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(UnitOutput(_unit(request, pk)).data)

    @extend_schema(request=UnitUpdateInput, responses=UnitOutput, summary="Change a unit's data")
    def patch(self, request: Request, pk: int) -> Response:
        unit = _unit(request, pk)
        values = valid(UnitUpdateInput, request, partial=True)
        return Response(UnitOutput(services.unit_update(actor=actor_of(request), unit=unit, **values)).data)


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
