"""The hosting API: hosts, availability, support ledger, emergency requests with matching hosts,
placements. Views call selectors and services; reads of personal records are logged."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.core.idempotency import idempotent
from abitare.hosting import selectors, services
from abitare.hosting.api import serializers as s
from abitare.hosting.models import EmergencyRequest, Host, HostSupportEntry, Placement
from abitare.hosting.permissions import HOSTING
from abitare.registry import selectors as registry

STATUS = OpenApiParameter("status", str, required=False, description="Filter by status.")


def _subject(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    membership = actor_of(request)
    if data.get("household") is not None:
        household = registry.household_list(actor=membership).filter(pk=data["household"]).first()
        if household is None:
            raise ValidationFailed({"household": [_("No household with this number in your territory.")]})
        return {"household": household}
    person = registry.person_list(actor=membership).filter(pk=data["person"]).first()
    if person is None:
        raise ValidationFailed({"person": [_("No person with this number in your territory.")]})
    return {"person": person}


def _host(request: Request, pk: int) -> Host:
    host = selectors.host_get(actor=actor_of(request), pk=pk)
    if host is None:
        raise NotFound
    return host


def _request(request: Request, pk: int) -> EmergencyRequest:
    found = selectors.request_get(actor=actor_of(request), pk=pk)
    if found is None:
        raise NotFound
    return found


@access(HOSTING)
class HostList(LoggedListAPIView[Host]):
    """Host families in scope; ``?status=active|paused|left``. POST enrols a household or a person."""

    serializer_class = s.HostOutput

    def get_queryset(self) -> Any:
        status_filter = self.request.query_params.get("status", "")
        return selectors.host_list(actor=self.actor, status=status_filter).prefetch_related("availabilities")

    @extend_schema(parameters=[STATUS])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.HostInput, responses={201: s.HostOutput}, summary="Enrol a host family")
    def post(self, request: Request) -> Response:
        data = s.HostInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        subject = _subject(request, {"household": values.pop("household"), "person": values.pop("person")})
        host = services.host_create(actor=actor_of(request), **subject, **values)
        return Response(s.HostOutput(host).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class HostDetail(APIView):
    @extend_schema(responses=s.HostOutput)
    def get(self, request: Request, pk: int) -> Response:
        host = _host(request, pk)
        log_read(request, host, actor=actor_of(request))
        return Response(s.HostOutput(host).data)

    @extend_schema(request=s.HostUpdateInput, responses=s.HostOutput, summary="Change what a host offers")
    def put(self, request: Request, pk: int) -> Response:
        data = s.HostUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        host = services.host_update(actor=actor_of(request), host=_host(request, pk), **data.validated_data)
        return Response(s.HostOutput(host).data)


@access(HOSTING)
class HostAvailabilityView(APIView):
    @extend_schema(request=s.AvailabilityInput, responses={201: s.AvailabilityOutput}, summary="Add availability")
    def post(self, request: Request, pk: int) -> Response:
        data = s.AvailabilityInput(data=request.data)
        data.is_valid(raise_exception=True)
        period = services.host_availability_add(actor=actor_of(request), host=_host(request, pk), **data.validated_data)
        return Response(s.AvailabilityOutput(period).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class HostSupportView(APIView):
    @extend_schema(responses=s.SupportLedgerOutput, summary="The host's support ledger and its totals")
    def get(self, request: Request, pk: int) -> Response:
        host = _host(request, pk)
        log_read(request, host, actor=actor_of(request))
        entries = selectors.support_list(host=host)
        totals = selectors.support_totals(entries=entries)
        return Response(s.SupportLedgerOutput({"totals": totals, "entries": entries}).data)

    @extend_schema(request=s.SupportInput, responses={201: s.SupportOutput}, summary="Record support to a host")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        data = s.SupportInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.support_record(actor=actor_of(request), host=_host(request, pk), **data.validated_data)
        return Response(s.SupportOutput(entry).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class SupportReverse(APIView):
    @extend_schema(request=s.ReasonInput, responses={201: s.SupportOutput}, summary="Reverse a support entry")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        data = s.ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        hosts = selectors.host_list(actor=actor_of(request))
        entry = HostSupportEntry.objects.filter(host__in=hosts, pk=pk).first()
        if entry is None:
            raise NotFound
        reversal = services.support_reverse(actor=actor_of(request), entry=entry, reason=data.validated_data["reason"])
        return Response(s.SupportOutput(reversal).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class RequestList(LoggedListAPIView[EmergencyRequest]):
    """Emergency requests in scope; ``?status=open|placed|closed|withdrawn``. POST records one."""

    serializer_class = s.RequestOutput

    def get_queryset(self) -> Any:
        status_filter = self.request.query_params.get("status", "")
        return selectors.request_list(actor=self.actor, status=status_filter).order_by("id")

    @extend_schema(parameters=[STATUS])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.RequestInput, responses={201: s.RequestOutput}, summary="Record an emergency request")
    def post(self, request: Request) -> Response:
        data = s.RequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        subject = _subject(request, {"household": values.pop("household"), "person": values.pop("person")})
        created = services.request_create(actor=actor_of(request), **subject, **values)
        return Response(s.RequestOutput(created).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class RequestDetail(APIView):
    @extend_schema(responses=s.RequestOutput)
    def get(self, request: Request, pk: int) -> Response:
        found = _request(request, pk)
        log_read(request, found, actor=actor_of(request))
        return Response(s.RequestOutput(found).data)


@access(HOSTING)
class RequestStatusView(APIView):
    @extend_schema(request=s.RequestStatusInput, responses=s.RequestOutput, summary="Close or withdraw a request")
    def post(self, request: Request, pk: int) -> Response:
        data = s.RequestStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.request_set_status(
            actor=actor_of(request), request=_request(request, pk), **data.validated_data
        )
        return Response(s.RequestOutput(found).data)


@access(HOSTING)
class RequestCandidates(APIView):
    @extend_schema(
        parameters=[s.CandidatesQuery],
        responses=s.CandidateOutput(many=True),
        summary="Hosts that can take the request (dates and guests default to the request's)",
    )
    def get(self, request: Request, pk: int) -> Response:
        found = _request(request, pk)
        query = s.CandidatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("start", found.wanted_from)
        end = query.validated_data.get("planned_end", found.wanted_until)
        if end <= start:
            raise ValidationFailed({"planned_end": [_("The stay must end after it starts.")]})
        candidates = selectors.host_candidates(
            actor=actor_of(request),
            request=found,
            start=start,
            end=end,
            guests=query.validated_data.get("guests"),
        )
        log_reads(request, [candidate.host for candidate in candidates], actor=actor_of(request))
        return Response(s.CandidateOutput(candidates, many=True).data)


@access(HOSTING)
class PlacementList(LoggedListAPIView[Placement]):
    """Placements in scope, newest first. POST places a request's guests with a host (409 when the
    host has no free bed on some night)."""

    serializer_class = s.PlacementOutput

    def get_queryset(self) -> Any:
        return selectors.placement_list(actor=self.actor)

    @extend_schema(request=s.PlacementInput, responses={201: s.PlacementOutput}, summary="Place guests with a host")
    @idempotent
    def post(self, request: Request) -> Response:
        data = s.PlacementInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        membership = actor_of(request)
        found = selectors.request_get(actor=membership, pk=values["request"])
        host = selectors.host_get(actor=membership, pk=values["host"])
        errors: dict[str, list[Any]] = {}
        if found is None:
            errors["request"] = [_("No request with this number in your territory.")]
        if host is None:
            errors["host"] = [_("No host with this number in your territory.")]
        if errors or found is None or host is None:
            raise ValidationFailed(errors)
        placement = services.placement_create(
            actor=actor_of(request),
            request=found,
            host=host,
            guests=values["guests"],
            start=values["start"],
            planned_end=values["planned_end"],
        )
        return Response(s.PlacementOutput(placement, context={"request": request}).data, status=status.HTTP_201_CREATED)


@access(HOSTING)
class PlacementEnd(APIView):
    @extend_schema(request=s.PlacementEndInput, responses=s.PlacementOutput, summary="Record the end of a placement")
    def post(self, request: Request, pk: int) -> Response:
        data = s.PlacementEndInput(data=request.data)
        data.is_valid(raise_exception=True)
        placement = selectors.placement_get(actor=actor_of(request), pk=pk)
        if placement is None:
            raise NotFound
        ended = services.placement_end(
            actor=actor_of(request),
            placement=placement,
            on=data.validated_data["actual_end"],
            reason=data.validated_data["reason"],
        )
        return Response(s.PlacementOutput(ended, context={"request": request}).data)
