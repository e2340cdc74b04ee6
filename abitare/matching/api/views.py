from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.accounts.models import Organisation, Territory
from abitare.accounts.selectors import territory_list
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.matching import selectors, services
from abitare.matching.api.serializers import (
    AgreementEndInput,
    AgreementInput,
    AgreementOutput,
    ApplicationDetailOutput,
    ApplicationInput,
    ApplicationOutput,
    ProposalDetailOutput,
    ProposalOutput,
    ProposalRejectInput,
    RoundDetailOutput,
    RoundOutput,
    RoundStartInput,
    RuleSetOutput,
)
from abitare.matching.models import Application, Proposal, Round, RuleSet, SharingAgreement
from abitare.matching.permissions import AGREEMENTS, APPLICATIONS, ROUNDS, ROUNDS_READ, RULES_READ
from abitare.matching.tasks import round_solve_task
from abitare.registry.selectors import household_list


@access(APPLICATIONS)
class ApplicationList(generics.ListAPIView[Application]):
    """Applications in priority order; filter with status and pathway. POST submits a new one."""

    serializer_class = ApplicationOutput

    def get_queryset(self) -> Any:
        filters = selectors.ApplicationFilters.from_query(self.request.query_params)
        return selectors.application_list(actor=actor_of(self.request), filters=filters)

    @extend_schema(request=ApplicationInput, responses={201: ApplicationDetailOutput})
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = ApplicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = household_list(actor=membership).filter(pk=values.pop("household")).first()
        if household is None:
            raise ValidationError({"household": ["Unknown household."]})
        territories = {t.pk: t for t in territory_list(actor=membership)}
        try:
            preferred = [territories[pk] for pk in values.pop("preferred")]
            excluded = [territories[pk] for pk in values.pop("excluded")]
        except KeyError as error:
            raise ValidationError({"preferred": [f"Unknown territory {error.args[0]}."]}) from error
        application = services.application_submit(
            actor=membership,
            household=household,
            preferred=preferred,
            excluded=excluded,
            **values,
        )
        return Response(_detail(membership, application), status=status.HTTP_201_CREATED)


def _detail(membership: Any, application: Application) -> dict[str, Any]:
    application.score_parts = selectors.score_parts_for(actor=membership, application=application)  # type: ignore[attr-defined]
    application.failed_rules = application.evaluation.get("eligibility", {}).get("failed", [])  # type: ignore[attr-defined]
    return dict(ApplicationDetailOutput(application).data)


@access(APPLICATIONS)
class ApplicationDetail(APIView):
    @extend_schema(responses=ApplicationDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        application = selectors.application_get(actor=membership, pk=pk)
        if application is None:
            raise NotFound
        log_read(request, application, actor=actor_of(request))
        return Response(_detail(membership, application))


@access(RULES_READ)
class RuleSetList(generics.ListAPIView[RuleSet]):
    serializer_class = RuleSetOutput

    def get_queryset(self) -> Any:
        return selectors.rule_set_list(actor=actor_of(self.request)).order_by("id")


@access(ROUNDS_READ)
class RoundList(generics.ListAPIView[Round]):
    """Rounds of the organisation and territory, newest first. POST starts one (operators, coordinators)."""

    serializer_class = RoundOutput

    def get_queryset(self) -> Any:
        return selectors.round_list(actor=actor_of(self.request))

    @extend_schema(request=RoundStartInput, responses={202: RoundDetailOutput})
    def post(self, request: Request) -> Response:

        if not ROUNDS.allows(request):
            raise PermissionDenied
        membership = actor_of(request)
        data = RoundStartInput(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = None
        if data.validated_data["agreement"] is not None:
            agreement = selectors.agreement_get(actor=membership, pk=data.validated_data["agreement"])
            if agreement is None:
                raise ValidationError({"agreement": ["Unknown agreement."]})
        started = services.round_start(actor=membership, agreement=agreement)
        if started.status == Round.Status.QUEUED:
            round_solve_task.enqueue(round_id=started.pk)
            started.refresh_from_db()
        return Response(RoundDetailOutput(started).data, status=status.HTTP_202_ACCEPTED)


@access(ROUNDS_READ)
class RoundDetail(APIView):
    @extend_schema(responses=RoundDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.round_get(actor=actor_of(request), pk=pk)
        if found is None:
            raise NotFound
        return Response(RoundDetailOutput(found).data)


@access(ROUNDS_READ)
class RoundProposalList(generics.ListAPIView[Proposal]):
    """The proposals of one round; in a joint round the other side's households are pseudonymised."""

    serializer_class = ProposalOutput

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "membership": actor_of(self.request)}

    def get_queryset(self) -> Any:
        membership = actor_of(self.request)
        found = selectors.round_get(actor=membership, pk=self.kwargs["pk"])
        if found is None:
            raise NotFound
        return selectors.proposal_list(actor=membership, round=found)


def _proposal(request: Request, pk: int) -> Proposal:
    proposal = selectors.proposal_get(actor=actor_of(request), pk=pk)
    if proposal is None:
        raise NotFound
    return proposal


@access(ROUNDS_READ)
class ProposalDetail(APIView):
    """A proposal with its explanation, as the caller may see it (pseudonymised across a joint round)."""

    @extend_schema(responses=ProposalDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        proposal = _proposal(request, pk)
        if selectors.proposal_household(actor=membership, proposal=proposal).own:
            log_read(request, proposal.application, actor=actor_of(request))
        proposal.score_parts = selectors.proposal_score_parts(actor=membership, proposal=proposal)  # type: ignore[attr-defined]
        proposal.limits = selectors.proposal_limits(actor=membership, proposal=proposal)  # type: ignore[attr-defined]
        proposal.refusals = selectors.proposal_explanation(actor=membership, proposal=proposal)  # type: ignore[attr-defined]
        return Response(ProposalDetailOutput(proposal, context={"membership": membership}).data)


def _reviewed(request: Request, proposal: Proposal) -> Response:
    fresh = _proposal(request, proposal.pk)
    return Response(ProposalOutput(fresh, context={"membership": actor_of(request)}).data)


@access(ROUNDS)
class ProposalApprove(APIView):
    @extend_schema(request=None, responses=ProposalOutput)
    def post(self, request: Request, pk: int) -> Response:
        proposal = services.proposal_approve(actor=actor_of(request), proposal=_proposal(request, pk))
        return _reviewed(request, proposal)


@access(ROUNDS)
class ProposalReject(APIView):
    @extend_schema(request=ProposalRejectInput, responses=ProposalOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = ProposalRejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.proposal_reject(
            actor=actor_of(request),
            proposal=_proposal(request, pk),
            reason=data.validated_data["reason"],
        )
        return _reviewed(request, proposal)


# Sharing agreements --------------------------------------------------------------------------------


@access(AGREEMENTS)
class AgreementList(generics.ListAPIView[SharingAgreement]):
    """Sharing agreements of the administrator's organisation. POST records one for the caller's
    district; it is in force once an administrator of the partner confirms it."""

    serializer_class = AgreementOutput

    def get_queryset(self) -> Any:
        return selectors.agreement_list(actor=actor_of(self.request))

    @extend_schema(request=AgreementInput, responses={201: AgreementOutput})
    def post(self, request: Request) -> Response:
        data = AgreementInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        partner = Organisation.objects.filter(pk=values.pop("partner")).first()
        if partner is None:
            raise ValidationError({"partner": ["Unknown organisation."]})
        district = Territory.objects.filter(pk=values.pop("partner_territory")).first()
        if district is None:
            raise ValidationError({"partner_territory": ["Unknown territory."]})
        agreement = services.agreement_record(
            actor=actor_of(request),
            partner=partner,
            partner_territory=district,
            **values,
        )
        return Response(AgreementOutput(agreement).data, status=status.HTTP_201_CREATED)


def _agreement(request: Request, pk: int) -> SharingAgreement:
    agreement = selectors.agreement_get(actor=actor_of(request), pk=pk)
    if agreement is None:
        raise NotFound
    return agreement


@access(AGREEMENTS)
class AgreementDetail(APIView):
    @extend_schema(responses=AgreementOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(AgreementOutput(_agreement(request, pk)).data)


@access(AGREEMENTS)
class AgreementConfirm(APIView):
    """The partner's administrator confirms a pending agreement."""

    @extend_schema(request=None, responses=AgreementOutput)
    def post(self, request: Request, pk: int) -> Response:
        agreement = services.agreement_confirm(actor=actor_of(request), agreement=_agreement(request, pk))
        return Response(AgreementOutput(agreement).data)


@access(AGREEMENTS)
class AgreementEnd(APIView):
    """Either side's administrator ends an agreement (or withdraws a pending one); ``reason`` is required."""

    @extend_schema(request=AgreementEndInput, responses=AgreementOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = AgreementEndInput(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_end(
            actor=actor_of(request),
            agreement=_agreement(request, pk),
            reason=data.validated_data["reason"],
        )
        return Response(AgreementOutput(agreement).data)
