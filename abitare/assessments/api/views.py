"""The assessment API: instruments (read), assessments (read; operators and coordinators record
them), and the plane's data. Scoped like the pages; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.assessments import plane, selectors, services
from abitare.assessments.api.serializers import (
    AssessmentInput,
    AssessmentOutput,
    InstrumentDetailOutput,
    InstrumentOutput,
    PlaneOutput,
)
from abitare.assessments.models import Assessment, Instrument
from abitare.assessments.permissions import ASSESSMENT, INSTRUMENT_READ, PLANE
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import ValidationFailed
from abitare.registry.selectors import household_get


@access(INSTRUMENT_READ)
class InstrumentList(generics.ListAPIView[Instrument]):
    """Instruments that apply to the caller's territory (its own, its ancestors', the defaults) and below."""

    serializer_class = InstrumentOutput

    def get_queryset(self) -> Any:
        return selectors.instrument_list(actor=actor_of(self.request))


@access(INSTRUMENT_READ)
class InstrumentDetail(APIView):
    @extend_schema(responses=InstrumentDetailOutput, summary="An instrument with its domains and level anchors")
    def get(self, request: Request, pk: int) -> Response:
        instrument = selectors.instrument_get(actor=actor_of(request), pk=pk)
        return Response(InstrumentDetailOutput(instrument).data)


HOUSEHOLD_PARAMETER = OpenApiParameter("household", OpenApiTypes.INT, description="Only this household's assessments")


@access(ASSESSMENT)
class AssessmentListCreate(LoggedListAPIView[Assessment]):
    """Assessments in the caller's scope; POST records one (every domain scored 1-5)."""

    serializer_class = AssessmentOutput

    def get_queryset(self) -> Any:
        return selectors.assessment_list(
            actor=self.actor,
            household_id=params.query_id(self.request.query_params, "household"),
        ).prefetch_related("scores__domain")

    @extend_schema(parameters=[HOUSEHOLD_PARAMETER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AssessmentInput, responses={201: AssessmentOutput}, summary="Record an assessment")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            household = household_get(actor=membership, pk=values["household"])
        except Http404:
            raise ValidationFailed({"household": [_("No household with this number in your scope.")]}) from None
        assessment = services.assessment_record(
            actor=membership,
            household=household,
            assessed_on=values["assessed_on"],
            scores=values["scores"],
            evidence=values.get("evidence") or {},
            chosen_pathway=values.get("chosen_pathway") or "",
            override_reason=values.get("override_reason") or "",
            dopo_di_noi_requested=values.get("dopo_di_noi_requested", False),
        )
        assessment = selectors.assessment_get(actor=membership, pk=assessment.pk)
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


@access(ASSESSMENT)
class AssessmentDetail(APIView):
    @extend_schema(responses=AssessmentOutput, summary="One assessment with its scores and evidence")
    def get(self, request: Request, pk: int) -> Response:
        assessment = selectors.assessment_get(actor=actor_of(request), pk=pk)
        log_read(request, assessment, actor=actor_of(request))
        return Response(AssessmentOutput(assessment).data)


@access(PLANE)
class PlaneData(APIView):
    """The plane's data: each household in scope with its assessments in date order."""

    @extend_schema(
        responses=PlaneOutput,
        parameters=[
            OpenApiParameter("territory", OpenApiTypes.INT),
            OpenApiParameter("pathway", OpenApiTypes.STR),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ],
        summary="Households on the resources x potential plane",
    )
    def get(self, request: Request) -> Response:
        membership = actor_of(request)
        filters = selectors.PlaneFilters.from_query(request.query_params)
        data = selectors.plane_households(actor=membership, filters=filters, trajectory_limit=None)
        territory = (
            selectors.plane_territories(actor=membership).filter(pk=filters.territory_id).first()
            if filters.territory_id is not None
            else None
        )
        thresholds, _map = plane.thresholds_and_map(membership=membership, territory=territory)
        link = selectors.household_url_maker()
        rows = [
            {
                "household_id": entry.household_id,
                "territory_id": entry.territory_id,
                "url": link(entry.household_id),
                "steps": entry.steps,
            }
            for entry in data.households
        ]
        return Response(
            PlaneOutput(
                {
                    "thresholds": {"resources": thresholds.resources, "potential": thresholds.potential},
                    "households": rows,
                }
            ).data
        )
