"""Activities API: one public list of occurrences with no personal data, and the facilitators'
activities, their dates and their cancelled or moved occurrences."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.access import PUBLIC, access
from abitare.core.exceptions import ValidationFailed
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.api._common import WINDOW_PARAMETERS, occurrence_rows, one_in_scope, or_404, query_window
from abitare.labs.models import Activity, ActivityException, Lab, Place
from abitare.labs.permissions import FACILITATION


@access(PUBLIC)
class PublicOccurrenceList(APIView):
    """Dated occurrences of published labs' activities in a window: no names, no registrations."""

    @extend_schema(
        responses=s.OccurrenceOutput(many=True),
        parameters=[
            *WINDOW_PARAMETERS,
            OpenApiParameter("lab", OpenApiTypes.STR, description="A lab's web address (slug)"),
            OpenApiParameter("territory", OpenApiTypes.INT),
            OpenApiParameter("tag", OpenApiTypes.STR),
        ],
        summary="Public calendar of activities",
    )
    def get(self, request: Request) -> Response:
        start, end = query_window(request)
        filters: dict[str, Any] = {"tag": request.query_params.get("tag", "")}
        if slug := request.query_params.get("lab"):
            filters["lab"] = or_404(selectors.lab_public_get(slug=slug))
        if territory_id := params.query_id(request.query_params, "territory"):
            filters["territory"] = or_404(Territory.objects.filter(pk=territory_id).first())
        items = selectors.calendar_public(start=start, end=end, **filters)
        return Response(s.OccurrenceOutput(occurrence_rows(items), many=True).data)


@access(FACILITATION)
class ActivityListCreate(generics.ListAPIView[Activity]):
    """Activities of the caller's labs; POST schedules one (RFC 5545 rule in Europe/Rome time)."""

    serializer_class = s.ActivityOutput

    def get_queryset(self) -> Any:
        return (
            selectors.activity_list(actor=actor_of(self.request))
            .prefetch_related("tags", "participating_labs", "invitations")
            .order_by("dtstart", "id")
        )

    @extend_schema(request=s.ActivityInput, responses={201: s.ActivityOutput}, summary="Schedule an activity")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = one_in_scope(selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope."))
        in_scope = selectors.place_list(actor=membership).values("pk")
        place = one_in_scope(
            Place.objects.filter(Q(labs=lab) | Q(pk__in=in_scope)).distinct(),
            values["place"],
            "place",
            _("No such place."),
        )
        participating = list(Lab.objects.filter(pk__in=values["participating_labs"], is_published=True))
        if len(participating) != len(set(values["participating_labs"])):
            raise ValidationFailed({"participating_labs": [_("Some of these labs do not exist.")]})
        activity = services.activity_create(
            actor=actor_of(request),
            lab=lab,
            title=values["title"],
            place=place,
            start=values["start"],
            end=values["end"],
            rrule=values["rrule"],
            description=values["description"],
            kind=values["kind"],
            capacity=values["capacity"],
            audience=values["audience"],
            tags=[services.tag_get_or_create(name=name) for name in values["tags"]],
            is_free=values["is_free"],
            registration_required=values["registration_required"],
            participating_labs=participating,
        )
        return Response(s.ActivityOutput(activity).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class ActivityDetail(APIView):
    @extend_schema(responses=s.ActivityOutput, summary="One activity with its exceptions")
    def get(self, request: Request, pk: int) -> Response:
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
        return Response(s.ActivityOutput(activity).data)


@access(FACILITATION)
class ActivityOccurrences(APIView):
    @extend_schema(responses=s.OccurrenceOutput(many=True), parameters=WINDOW_PARAMETERS, summary="An activity's dates")
    def get(self, request: Request, pk: int) -> Response:
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
        start, end = query_window(request)
        return Response(
            s.OccurrenceOutput(occurrence_rows(selectors.occurrences_between([activity], start, end)), many=True).data
        )


@access(FACILITATION)
class ActivityExceptionCreate(APIView):
    @extend_schema(
        request=s.ExceptionInput, responses={201: s.ExceptionOutput}, summary="Cancel or move one occurrence"
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
        data = s.ExceptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_of(request)
        if values["kind"] == ActivityException.Kind.MOVED:
            if values["new_start"] is None:
                raise ValidationFailed({"new_start": [_("Give the new date and time.")]})
            exception = services.activity_occurrence_move(
                actor=actor,
                activity=activity,
                original_start=values["original_start"],
                new_start=values["new_start"],
                note=values["note"],
            )
        else:
            exception = services.activity_occurrence_cancel(
                actor=actor, activity=activity, original_start=values["original_start"], note=values["note"]
            )
        return Response(s.ExceptionOutput(exception).data, status=status.HTTP_201_CREATED)
