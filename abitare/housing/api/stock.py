"""Write endpoints of the stock: the same services and checks as the pages (4xx with the field
errors, never 500)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.housing import selectors, services
from abitare.housing.api.serializers import (
    BuildingInput,
    BuildingOutput,
    CommonSpaceInput,
    CommonSpaceOutput,
    OwnerAgreementInput,
    OwnerAgreementOutput,
    OwnerInput,
    OwnerOutput,
    RetireInput,
    UnitOutput,
)
from abitare.housing.models import Building, Owner, Unit
from abitare.housing.permissions import STOCK_MANAGE, STOCK_READ_MANAGE

M = TypeVar("M", bound=Model)


def valid(serializer_class: type[serializers.Serializer[Any]], request: Request, **kwargs: Any) -> dict[str, Any]:
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def found(record: M | None) -> M:
    if record is None:
        raise NotFound
    return record


def building_of(request: Request, pk: int) -> Building:
    return found(selectors.building_get(actor=actor_of(request), pk=pk))


@access(STOCK_READ_MANAGE)
class BuildingDetail(APIView):
    @extend_schema(responses=BuildingOutput, summary="A building")
    def get(self, request: Request, pk: int) -> Response:
        return Response(BuildingOutput(building_of(request, pk)).data)

    @extend_schema(request=BuildingInput, responses=BuildingOutput, summary="Change a building")
    def patch(self, request: Request, pk: int) -> Response:
        building = building_of(request, pk)
        values = valid(BuildingInput, request, partial=True)
        return Response(
            BuildingOutput(services.building_update(actor=actor_of(request), building=building, **values)).data
        )


@access(STOCK_MANAGE)
class BuildingRetire(APIView):
    @extend_schema(request=RetireInput, responses=BuildingOutput, summary="Retire a building and its units")
    def post(self, request: Request, pk: int) -> Response:
        building = building_of(request, pk)
        values = valid(RetireInput, request)
        retired = services.building_retire(actor=actor_of(request), building=building, reason=values["reason"])
        return Response(BuildingOutput(retired).data)


@access(STOCK_MANAGE)
class CommonSpaceCreate(APIView):
    @extend_schema(request=CommonSpaceInput, responses={201: CommonSpaceOutput}, summary="Add a common space")
    def post(self, request: Request, pk: int) -> Response:
        building = building_of(request, pk)
        values = valid(CommonSpaceInput, request)
        space = services.common_space_add(actor=actor_of(request), building=building, **values)
        return Response(CommonSpaceOutput(space).data, status=status.HTTP_201_CREATED)


@access(STOCK_MANAGE)
class CommonSpaceDetail(APIView):
    @extend_schema(request=CommonSpaceInput, responses=CommonSpaceOutput, summary="Change a common space")
    def patch(self, request: Request, pk: int) -> Response:
        space = found(selectors.common_space_get(actor=actor_of(request), pk=pk))
        values = valid(CommonSpaceInput, request, partial=True)
        return Response(
            CommonSpaceOutput(services.common_space_update(actor=actor_of(request), space=space, **values)).data
        )


@access(STOCK_MANAGE)
class UnitRetire(APIView):
    @extend_schema(request=RetireInput, responses=UnitOutput, summary="Retire a unit from the stock")
    def post(self, request: Request, pk: int) -> Response:
        unit: Unit = found(selectors.unit_get(actor=actor_of(request), pk=pk))
        values = valid(RetireInput, request)
        return Response(
            UnitOutput(services.unit_retire(actor=actor_of(request), unit=unit, reason=values["reason"])).data
        )


@access(STOCK_MANAGE)
class OwnerListCreate(LoggedListAPIView[Owner]):
    """Private owners of the organisation in the territory, with their agreements; POST adds one."""

    serializer_class = OwnerOutput
    log_purpose = "search"

    def get_queryset(self) -> QuerySet[Owner]:
        return selectors.owner_list(actor=self.actor).order_by("name", "pk")

    @extend_schema(request=OwnerInput, responses={201: OwnerOutput}, summary="Add a private owner")
    def post(self, request: Request) -> Response:
        owner = services.owner_register(actor=self.actor, **valid(OwnerInput, request))
        return Response(OwnerOutput(owner).data, status=status.HTTP_201_CREATED)


@access(STOCK_MANAGE)
class OwnerDetail(APIView):
    @extend_schema(responses=OwnerOutput, summary="A private owner")
    def get(self, request: Request, pk: int) -> Response:
        owner = found(selectors.owner_get(actor=actor_of(request), pk=pk))
        log_read(request, owner, actor=actor_of(request))
        return Response(OwnerOutput(owner).data)

    @extend_schema(request=OwnerInput, responses=OwnerOutput, summary="Change a private owner")
    def patch(self, request: Request, pk: int) -> Response:
        owner = found(selectors.owner_get(actor=actor_of(request), pk=pk))
        values = valid(OwnerInput, request, partial=True)
        return Response(OwnerOutput(services.owner_update(actor=actor_of(request), owner=owner, **values)).data)


@access(STOCK_MANAGE)
class OwnerAgreementCreate(APIView):
    @extend_schema(
        request=OwnerAgreementInput, responses={201: OwnerAgreementOutput}, summary="Record an owner agreement"
    )
    def post(self, request: Request, pk: int) -> Response:
        owner = found(selectors.owner_get(actor=actor_of(request), pk=pk))
        agreement = services.owner_agreement_record(
            actor=actor_of(request), owner=owner, **valid(OwnerAgreementInput, request)
        )
        return Response(OwnerAgreementOutput(agreement).data, status=status.HTTP_201_CREATED)


@access(STOCK_MANAGE)
class OwnerAgreementDetail(APIView):
    @extend_schema(request=OwnerAgreementInput, responses=OwnerAgreementOutput, summary="Change an owner agreement")
    def patch(self, request: Request, pk: int) -> Response:
        agreement = found(selectors.owner_agreement_get(actor=actor_of(request), pk=pk))
        values = valid(OwnerAgreementInput, request, partial=True)
        changed = services.owner_agreement_update(actor=actor_of(request), agreement=agreement, **values)
        return Response(OwnerAgreementOutput(changed).data)
