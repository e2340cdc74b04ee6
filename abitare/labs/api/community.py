"""Volunteers and help networks API: volunteers and their hours, help networks with their
members, offers and requests, and the offers that fit a request."""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.core.idempotency import idempotent
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.api._common import one_in_scope, or_404, territory_in_scope
from abitare.labs.models import HelpNeed, HelpNetwork, HelpNetworkMember, HelpOffer, HelpRequest, Volunteer
from abitare.labs.permissions import FACILITATION

N = TypeVar("N", bound=HelpNeed)


@access(FACILITATION)
class VolunteerListCreate(LoggedListAPIView[Volunteer]):
    """Who can help with what: ``skill`` (a word), ``weekday`` (0 = Monday), ``lab``."""

    serializer_class = s.VolunteerOutput

    def get_queryset(self) -> Any:
        query = self.request.query_params
        membership = actor_of(self.request)
        lab = None
        if lab_id := params.query_id(query, "lab"):
            lab = or_404(selectors.lab_get(actor=membership, pk=lab_id))
        weekday = params.query_int(query, "weekday", minimum=0, maximum=6)
        return selectors.volunteer_list(actor=membership, skill=query.get("skill", ""), weekday=weekday, lab=lab)

    @extend_schema(
        parameters=[
            OpenApiParameter("skill", OpenApiTypes.STR),
            OpenApiParameter("weekday", OpenApiTypes.INT),
            OpenApiParameter("lab", OpenApiTypes.INT),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.VolunteerInput, responses={201: s.VolunteerOutput}, summary="Record a volunteer")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.VolunteerInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = set(values.pop("labs"))
        labs = list(selectors.lab_list(actor=membership).filter(pk__in=wanted))
        if len(labs) != len(wanted):
            raise ValidationFailed({"labs": [_("Some of these labs are not in your scope.")]})
        volunteer = services.volunteer_create(actor=actor_of(request), labs=labs, **values)
        volunteer = or_404(selectors.volunteer_list(actor=membership).filter(pk=volunteer.pk).first())
        return Response(s.VolunteerOutput(volunteer).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class VolunteerHoursCreate(APIView):
    @extend_schema(request=s.VolunteerHoursInput, responses={201: s.VolunteerHoursOutput}, summary="Record hours given")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        volunteer = or_404(selectors.volunteer_get(actor=membership, pk=pk))
        data = s.VolunteerHoursInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = one_in_scope(selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope."))
        entry = services.volunteer_hours_record(
            actor=actor_of(request),
            volunteer=volunteer,
            lab=lab,
            date=values["date"],
            hours=values["hours"],
        )
        return Response(s.VolunteerHoursOutput(entry).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class HelpNetworkListCreate(generics.ListAPIView[HelpNetwork]):
    serializer_class = s.HelpNetworkOutput

    def get_queryset(self) -> Any:
        return selectors.help_network_list(actor=actor_of(self.request)).order_by("name")

    @extend_schema(request=s.HelpNetworkInput, responses={201: s.HelpNetworkOutput}, summary="Start a help network")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.HelpNetworkInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = None
        if values["lab"] is not None:
            lab = one_in_scope(
                selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope.")
            )
        network = services.help_network_create(
            actor=actor_of(request),
            name=values["name"],
            kind=values["kind"],
            organisation=membership.organisation,
            territory=territory_in_scope(membership, values["territory"]),
            lab=lab,
            description=values["description"],
        )
        network = or_404(selectors.help_network_list(actor=membership).filter(pk=network.pk).first())
        return Response(s.HelpNetworkOutput(network).data, status=status.HTTP_201_CREATED)


def _network(request: Request, pk: int) -> HelpNetwork:
    return or_404(selectors.help_network_get(actor=actor_of(request), pk=pk))


@access(FACILITATION)
class HelpMemberListCreate(LoggedListAPIView[HelpNetworkMember]):
    serializer_class = s.HelpMemberOutput

    def get_queryset(self) -> Any:
        network = _network(self.request, self.kwargs["pk"])
        return selectors.help_member_list(actor=actor_of(self.request)).filter(network=network)

    @extend_schema(request=s.HelpMemberInput, responses={201: s.HelpMemberOutput}, summary="Add a member")
    def post(self, request: Request, pk: int) -> Response:
        network = _network(request, pk)
        data = s.HelpMemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["neighbourhood"] = territory_in_scope(actor_of(request), values["neighbourhood"], "neighbourhood")
        member = services.help_member_add(actor=actor_of(request), network=network, **values)
        return Response(s.HelpMemberOutput(member).data, status=status.HTTP_201_CREATED)


def _need_values(request: Request) -> dict[str, Any]:
    data = s.HelpNeedInput(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    values["neighbourhood"] = territory_in_scope(actor_of(request), values["neighbourhood"], "neighbourhood")
    return values


class HelpNeedListCreate(LoggedListAPIView[N]):
    # The offers or requests (``model``) of a network; POST adds one. Each side binds the model,
    # its output and its schema (a comment, not a docstring: the schema would show it on both).

    model: type[N]

    def get_queryset(self) -> Any:
        network = _network(self.request, self.kwargs["pk"])
        return selectors.help_need_list(actor=self.actor, model=self.model).filter(network=network)

    def post(self, request: Request, pk: int) -> Response:
        network = _network(request, pk)
        values = _need_values(request)
        need = services.help_need_create(actor=self.actor, model=self.model, network=network, **values)
        return Response(self.get_serializer(need).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
@extend_schema_view(
    post=extend_schema(request=s.HelpNeedInput, responses={201: s.HelpOfferOutput}, summary="Add an offer of help")
)
class HelpOfferListCreate(HelpNeedListCreate[HelpOffer]):
    model = HelpOffer
    serializer_class = s.HelpOfferOutput


@access(FACILITATION)
@extend_schema_view(
    post=extend_schema(request=s.HelpNeedInput, responses={201: s.HelpRequestOutput}, summary="Add a request for help")
)
class HelpRequestListCreate(HelpNeedListCreate[HelpRequest]):
    model = HelpRequest
    serializer_class = s.HelpRequestOutput


@access(FACILITATION)
class HelpRequestMatches(APIView):
    """Offers that fit a request (kind, neighbourhood, time), best first; POST pairs one."""

    @extend_schema(responses=s.HelpMatchOutput(many=True), summary="Offers that fit a request")
    def get(self, request: Request, pk: int) -> Response:
        help_request = or_404(
            selectors.help_need_list(actor=actor_of(request), model=HelpRequest).filter(pk=pk).first()
        )
        candidates = selectors.help_request_candidates(request=help_request)
        log_reads(request, [offer for offer, _match in candidates], actor=actor_of(request))
        rows = [
            {
                "offer": offer,
                "place_score": match.place_score,
                "shared_weekdays": match.shared_weekdays,
                "shared_minutes": match.shared_minutes,
            }
            for offer, match in candidates
        ]
        return Response(s.HelpMatchOutput(rows, many=True).data)

    @extend_schema(request=s.HelpMatchInput, responses=s.HelpRequestOutput, summary="Pair a request with an offer")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        help_request = or_404(selectors.help_need_list(actor=membership, model=HelpRequest).filter(pk=pk).first())
        data = s.HelpMatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = one_in_scope(
            selectors.help_need_list(actor=membership, model=HelpOffer),
            data.validated_data["offer"],
            "offer",
            _("No such offer."),
        )
        help_request = services.help_request_match(actor=actor_of(request), request=help_request, offer=offer)
        return Response(s.HelpRequestOutput(help_request).data)
