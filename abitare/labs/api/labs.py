"""Labs API: the caller's labs, their phase, reach and council meetings, and their places. A lab or
place outside the caller's scope is "not found" (404) when addressed in the URL and a field
error (400) when named in the body."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core.access import access
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.api._common import WINDOW_PARAMETERS, one_in_scope, or_404, query_window, territory_in_scope
from abitare.labs.models import Lab, Place
from abitare.labs.permissions import FACILITATION


@access(FACILITATION)
class LabListCreate(generics.ListAPIView[Lab]):
    """Labs the caller's organisation leads in their territory; POST opens a lab."""

    serializer_class = s.LabOutput

    def get_queryset(self) -> Any:
        return selectors.lab_list(actor=actor_of(self.request)).prefetch_related("tags", "places")

    @extend_schema(request=s.LabInput, responses={201: s.LabOutput}, summary="Open a lab")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.LabInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        place = None
        if values["main_place"] is not None:
            place = one_in_scope(
                selectors.place_list(actor=membership), values["main_place"], "main_place", _("No such place.")
            )
        lab = services.lab_create(
            actor=actor_of(request),
            name=values["name"],
            kind=values["kind"],
            territory=territory_in_scope(membership, values["territory"]),
            organisation=membership.organisation,
            main_place=place,
            description=values["description"],
            tags=[services.tag_get_or_create(name=name) for name in values["tags"]],
            email=values["email"],
            phone=values["phone"],
        )
        return Response(s.LabOutput(lab).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class LabDetail(APIView):
    @extend_schema(responses=s.LabDetailOutput, summary="A lab with its phase history")
    def get(self, request: Request, pk: int) -> Response:
        lab = or_404(selectors.lab_get(actor=actor_of(request), pk=pk))
        return Response(s.LabDetailOutput(lab).data)


@access(FACILITATION)
class LabPhase(APIView):
    @extend_schema(request=s.PhaseInput, responses=s.LabDetailOutput, summary="Move a lab to another phase")
    def post(self, request: Request, pk: int) -> Response:
        lab = or_404(selectors.lab_get(actor=actor_of(request), pk=pk))
        data = s.PhaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        lab = services.lab_phase_change(actor=actor_of(request), lab=lab, **data.validated_data)
        return Response(s.LabDetailOutput(lab).data)


@access(FACILITATION)
class LabReach(APIView):
    @extend_schema(responses=s.ReachOutput, parameters=WINDOW_PARAMETERS, summary="People a lab reached in a period")
    def get(self, request: Request, pk: int) -> Response:
        lab = or_404(selectors.lab_get(actor=actor_of(request), pk=pk))
        start, end = query_window(request)
        reach = selectors.lab_reach(lab=lab, start=start, end=end)
        return Response(
            s.ReachOutput(
                {
                    "people": reach.people,
                    "named": reach.named,
                    "counted": reach.counted,
                    "first_time": reach.first_time,
                    "first_time_known": reach.first_time_known,
                    "first_time_share": reach.first_time_share,
                }
            ).data
        )


@access(FACILITATION)
class CouncilMeetingList(generics.ListAPIView[Any]):
    serializer_class = s.CouncilMeetingOutput

    def get_queryset(self) -> Any:
        lab = or_404(selectors.lab_get(actor=actor_of(self.request), pk=self.kwargs["pk"]))
        return selectors.council_meeting_list(lab=lab)


@access(FACILITATION)
class PlaceListCreate(generics.ListAPIView[Place]):
    """Places the caller's organisation manages in their territory; POST adds one."""

    serializer_class = s.PlaceOutput

    def get_queryset(self) -> Any:
        return selectors.place_list(actor=actor_of(self.request))

    @extend_schema(request=s.PlaceInput, responses={201: s.PlaceOutput}, summary="Add a place")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.PlaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        hours = [(h["weekday"], h["opens_at"], h["closes_at"]) for h in values.pop("opening_hours")]
        values["territory"] = territory_in_scope(membership, values["territory"])
        place = services.place_create(
            actor=actor_of(request),
            organisation=membership.organisation,
            opening_hours=hours,
            **values,
        )
        return Response(s.PlaceOutput(place).data, status=status.HTTP_201_CREATED)
