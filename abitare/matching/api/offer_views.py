"""API of offers and allocations: list and read, send from an approved proposal, accept, refuse,
withdraw; pick another household for a proposal's unit; the refusal rules in force."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.idempotency import idempotent
from abitare.matching import selectors, services
from abitare.matching.api.offer_serializers import (
    AllocationOutput,
    OfferAcceptInput,
    OfferOutput,
    OfferRefuseInput,
    OfferSendInput,
    OfferWithdrawInput,
    ProposalReplaceInput,
    RefusalRuleOutput,
)
from abitare.matching.api.serializers import ProposalOutput
from abitare.matching.models import Allocation, Application, Offer
from abitare.matching.permissions import ROUNDS, ROUNDS_READ


@access(ROUNDS_READ)
class OfferList(LoggedListAPIView[Offer]):
    """Offers of the organisation and territory, newest first; filter with ``status``."""

    serializer_class = OfferOutput

    @extend_schema(parameters=[OpenApiParameter("status", enum=Offer.Status.values, required=False)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        filters = selectors.OfferFilters.from_query(self.request.query_params)
        return selectors.offer_list(actor=self.actor, filters=filters).select_related("allocation")


def _offer(request: Request, pk: int) -> Offer:
    offer = selectors.offer_get(actor=actor_of(request), pk=pk)
    if offer is None:
        raise NotFound
    return offer


@access(ROUNDS_READ)
class OfferDetail(APIView):
    @extend_schema(responses=OfferOutput)
    def get(self, request: Request, pk: int) -> Response:
        offer = _offer(request, pk)
        log_read(request, offer, actor=actor_of(request))
        return Response(OfferOutput(offer, context={"request": request}).data)


@access(ROUNDS)
class ProposalSendOffer(APIView):
    """Send the offer of an approved proposal: 409 with the reason when the unit or the
    application changed since the round, or the unit or household already has a live offer."""

    @extend_schema(request=OfferSendInput, responses={201: OfferOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        proposal = selectors.proposal_get(actor=actor_of(request), pk=pk)
        if proposal is None:
            raise NotFound
        data = OfferSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.offer_send(actor=actor_of(request), proposal=proposal, **data.validated_data)
        return Response(OfferOutput(offer, context={"request": request}).data, status=status.HTTP_201_CREATED)


@access(ROUNDS)
class ProposalReplace(APIView):
    """Reject the proposed household and propose a feasible one instead, with the reason."""

    @extend_schema(request=ProposalReplaceInput, responses={201: ProposalOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        proposal = selectors.proposal_get(actor=actor_of(request), pk=pk)
        if proposal is None:
            raise NotFound
        data = ProposalReplaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = Application.objects.filter(pk=data.validated_data["application"]).first()
        if application is None:
            raise DomainError(_("Unknown application."), field="application")
        replacement = services.proposal_replace(
            actor=actor_of(request),
            proposal=proposal,
            application=application,
            reason=data.validated_data["reason"],
        )
        shown = ProposalOutput(replacement, context={"membership": actor_of(request)})
        return Response(shown.data, status=status.HTTP_201_CREATED)


@access(ROUNDS)
class OfferAccept(APIView):
    """Record the acceptance: 201 with the allocation; the unit becomes occupied."""

    @extend_schema(request=OfferAcceptInput, responses={201: AllocationOutput})
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        data = OfferAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        allocation = services.offer_accept(
            actor=actor_of(request),
            offer=_offer(request, pk),
            starts_on=data.validated_data["starts_on"],
            note=data.validated_data["note"],
        )
        return Response(AllocationOutput(allocation, context={"request": request}).data, status=status.HTTP_201_CREATED)


@access(ROUNDS)
class OfferRefuse(APIView):
    """Record the refusal with a reason code of the territory's rule; an unjustified refusal
    applies the rule's consequence to the application."""

    @extend_schema(request=OfferRefuseInput, responses=OfferOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = OfferRefuseInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.offer_refuse(actor=actor_of(request), offer=_offer(request, pk), **data.validated_data)
        return Response(OfferOutput(offer, context={"request": request}).data)


@access(ROUNDS)
class OfferWithdraw(APIView):
    @extend_schema(request=OfferWithdrawInput, responses=OfferOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = OfferWithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.offer_withdraw(
            actor=actor_of(request),
            offer=_offer(request, pk),
            note=data.validated_data["note"],
        )
        return Response(OfferOutput(offer, context={"request": request}).data)


@access(ROUNDS_READ)
class AllocationList(LoggedListAPIView[Allocation]):
    """Allocations (accepted offers) of the organisation and territory; open ones have no ``ended_on``."""

    serializer_class = AllocationOutput

    def get_queryset(self) -> Any:
        return selectors.allocation_list(actor=self.actor)


@access(ROUNDS_READ)
class AllocationDetail(APIView):
    @extend_schema(responses=AllocationOutput)
    def get(self, request: Request, pk: int) -> Response:
        allocation = selectors.allocation_get(actor=actor_of(request), pk=pk)
        if allocation is None:
            raise NotFound
        log_read(request, allocation, actor=actor_of(request))
        return Response(AllocationOutput(allocation, context={"request": request}).data)


@access(ROUNDS_READ)
class RefusalRuleInForce(APIView):
    """The refusal rule in force today for the membership's territory (404 when none)."""

    @extend_schema(responses=RefusalRuleOutput)
    def get(self, request: Request) -> Response:
        membership = actor_of(request)
        rule = (
            services.refusal_rule_in_force(territory=membership.territory, on=timezone.localdate())
            if membership is not None
            else None
        )
        if rule is None:
            raise NotFound
        return Response(RefusalRuleOutput(rule).data)
