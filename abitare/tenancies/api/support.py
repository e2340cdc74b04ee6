"""The support-plan API: plans with goals, meetings and referrals; mediation cases. Scoped like the
pages; every plan or case served goes to the access log. Notes follow one rule: the selectors
return them only to a member who may read them, and the output serializers drop the ``notes`` key
otherwise (not an empty list, not a count)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.accounts.models import Membership
from abitare.accounts.selectors import territory_list
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.housing.models import Building, Unit
from abitare.registry.models import Household, Person
from abitare.registry.selectors import household_list, person_list
from abitare.tenancies.api.support_serializers import (
    MediationCloseInput,
    MediationDetailOutput,
    MediationInput,
    MediationOutput,
    SupportGoalChangeOutput,
    SupportGoalInput,
    SupportGoalOutput,
    SupportGoalStatusInput,
    SupportMeetingInput,
    SupportMeetingOutput,
    SupportNoteInput,
    SupportNoteOutput,
    SupportPlanCloseInput,
    SupportPlanDetailOutput,
    SupportPlanInput,
    SupportPlanOutput,
    SupportReferralInput,
    SupportReferralOutcomeInput,
    SupportReferralOutput,
)
from abitare.tenancies.models import GoalStatusChange, MediationCase, MediationNote, Meeting, MeetingNote, SupportPlan
from abitare.tenancies.permissions import SUPPORT, SUPPORT_SENSITIVE
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.services.support import NewGoal, key_workers, labs_available

# Helpers ----------------------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _one(queryset: Any, pk: Any, field: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed({field: [str(_("Unknown, or outside your records."))]})
    return found


def _many(queryset: Any, ids: list[int], field: str) -> list[Any]:
    found = list(queryset.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationFailed({field: [str(_("Unknown, or outside your records."))]})
    return found


def _plan_payload(request: Request, membership: Membership, pk: int) -> dict[str, Any]:
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    log_read(request, plan, actor=actor_of(request))
    meetings = list(selectors.plan_meetings(plan=plan))
    notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    if notes:
        log_reads(
            request, [note for group in notes.values() for note in group], purpose="sensitive", actor=actor_of(request)
        )
    return SupportPlanDetailOutput(plan, context={"meetings": meetings, "notes": notes}).data


def _case_payload(request: Request, membership: Membership, pk: int) -> dict[str, Any]:
    case = selectors.mediation_get(actor=membership, pk=pk)
    log_read(request, case, actor=actor_of(request))
    meetings = list(selectors.case_meetings(case=case))
    notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    case_notes = selectors.mediation_notes(actor=membership, case=case)
    read: list[MeetingNote | MediationNote] = [*(case_notes or []), *(n for g in (notes or {}).values() for n in g)]
    if read:
        log_reads(request, list(read), purpose="sensitive", actor=actor_of(request))
    context = {"meetings": meetings, "notes": notes, "case_notes": case_notes, "request": request}
    return MediationDetailOutput(case, context=context).data


PLAN_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, description="open (default), closed or all"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words of the household's name"),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only the plans I am the key worker of"),
    OpenApiParameter("review_due", OpenApiTypes.BOOL, description="Only plans whose review is within 14 days"),
]


# Plans ------------------------------------------------------------------------------------------


@access(SUPPORT)
class SupportPlanListCreate(LoggedListAPIView[SupportPlan]):
    """Support plans in scope; POST opens one with its goals."""

    serializer_class = SupportPlanOutput
    log_purpose = "search"

    def get_queryset(self) -> QuerySet[SupportPlan]:
        filters = selectors.PlanFilters.from_query(self.request.query_params)
        return selectors.support_plan_list(actor=self.actor, filters=filters, user=self.request.user)

    @extend_schema(parameters=PLAN_PARAMETERS, summary="Support plans")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=SupportPlanInput, responses={201: SupportPlanDetailOutput}, summary="Open a support plan")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        values = _valid(SupportPlanInput, request)
        household: Household = _one(household_list(actor=membership), values["household"], "household")
        domains = selectors.goal_domains(territory=household.territory)
        goals = [
            NewGoal(
                title=goal["title"],
                domain=_one(domains, goal["domain"], f"goals.{index}.domain"),
                target_on=goal["target_on"],
            )
            for index, goal in enumerate(values["goals"])
        ]
        plan = services.support_plan_open(
            actor=membership,
            household=household,
            key_worker=_one(key_workers(membership), values["key_worker"], "key_worker"),
            started_on=values["started_on"],
            next_review_on=values["next_review_on"],
            tenancy=selectors.tenancy_active_of(household=household),
            goals=goals,
        )
        return Response(_plan_payload(request, membership, plan.pk), status=status.HTTP_201_CREATED)


@access(SUPPORT)
class SupportPlanDetail(APIView):
    @extend_schema(responses=SupportPlanDetailOutput, summary="A support plan with goals, meetings and referrals")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_plan_payload(request, actor_of(request), pk))


@access(SUPPORT)
class SupportPlanClose(APIView):
    @extend_schema(request=SupportPlanCloseInput, responses=SupportPlanDetailOutput, summary="Close a support plan")
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        plan = selectors.support_plan_get(actor=membership, pk=pk)
        services.support_plan_close(actor=membership, plan=plan, **_valid(SupportPlanCloseInput, request))
        return Response(_plan_payload(request, membership, pk))


@access(SUPPORT)
class GoalCreate(APIView):
    @extend_schema(request=SupportGoalInput, responses={201: SupportGoalOutput}, summary="Add a goal to a support plan")
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        plan = selectors.support_plan_get(actor=membership, pk=pk)
        values = _valid(SupportGoalInput, request)
        values["domain"] = _one(selectors.goal_domains(territory=plan.territory), values["domain"], "domain")
        goal = services.goal_add(actor=membership, plan=plan, **values)
        return Response(SupportGoalOutput(goal).data, status=status.HTTP_201_CREATED)


@access(SUPPORT)
class GoalStatus(APIView):
    @extend_schema(
        request=SupportGoalStatusInput, responses={201: SupportGoalChangeOutput}, summary="Change a goal's status"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        goal = selectors.goal_get(actor=membership, pk=pk)
        change: GoalStatusChange = services.goal_change_status(
            actor=membership, goal=goal, status=_valid(SupportGoalStatusInput, request)["status"]
        )
        return Response(SupportGoalChangeOutput(change).data, status=status.HTTP_201_CREATED)


def _attendees(membership: Membership, ids: list[int]) -> list[Person]:
    return _many(person_list(actor=membership), ids, "attendees")


@access(SUPPORT)
class PlanMeetingCreate(APIView):
    @extend_schema(
        request=SupportMeetingInput, responses={201: SupportMeetingOutput}, summary="Record a meeting of a plan"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        plan = selectors.support_plan_get(actor=membership, pk=pk)
        values = _valid(SupportMeetingInput, request)
        values["attendees"] = _attendees(membership, values["attendees"])
        meeting = services.meeting_record(actor=membership, plan=plan, **values)
        return Response(_meeting_payload(membership, meeting), status=status.HTTP_201_CREATED)


def _meeting_payload(membership: Membership, meeting: Meeting) -> dict[str, Any]:
    notes = selectors.meeting_notes(actor=membership, meetings=[meeting])
    return SupportMeetingOutput(meeting, context={"notes": notes}).data


@access(SUPPORT_SENSITIVE)
class MeetingNoteCreate(APIView):
    @extend_schema(
        request=SupportNoteInput, responses={201: SupportNoteOutput}, summary="Add a note to a meeting (sensitive)"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        meeting = selectors.meeting_get(actor=membership, pk=pk)
        note = services.meeting_note_add(actor=membership, meeting=meeting, **_valid(SupportNoteInput, request))
        return Response(SupportNoteOutput(note).data, status=status.HTTP_201_CREATED)


@access(SUPPORT)
class ReferralCreate(APIView):
    @extend_schema(
        request=SupportReferralInput,
        responses={201: SupportReferralOutput},
        summary="Send the household to a lab or a service",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        plan = selectors.support_plan_get(actor=membership, pk=pk)
        values = _valid(SupportReferralInput, request)
        values["lab"] = _one(labs_available(membership), values["lab"], "lab")
        referral = services.referral_send(actor=membership, plan=plan, **values)
        return Response(SupportReferralOutput(referral).data, status=status.HTTP_201_CREATED)


@access(SUPPORT)
class ReferralOutcome(APIView):
    @extend_schema(
        request=SupportReferralOutcomeInput, responses=SupportReferralOutput, summary="Record a referral's outcome"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        referral = selectors.referral_get(actor=membership, pk=pk)
        values = _valid(SupportReferralOutcomeInput, request)
        referral = services.referral_record_outcome(actor=membership, referral=referral, **values)
        return Response(SupportReferralOutput(referral).data)


# Mediation cases --------------------------------------------------------------------------------


@access(SUPPORT)
class MediationListCreate(LoggedListAPIView[MediationCase]):
    """Mediation cases in scope; POST opens one."""

    serializer_class = MediationOutput
    log_purpose = "search"

    def get_queryset(self) -> QuerySet[MediationCase]:
        filters = selectors.MediationFilters.from_query(self.request.query_params)
        return selectors.mediation_list(actor=self.actor, filters=filters, user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, description="open (default), closed or all")],
        summary="Mediation cases",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=MediationInput, responses={201: MediationDetailOutput}, summary="Open a mediation case")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        values = _valid(MediationInput, request)
        buildings = Building.objects.filter(organisation_id=membership.organisation_id)
        case = services.mediation_open(
            actor=membership,
            territory=_one(territory_list(actor=membership), values["territory"], "territory"),
            subject=values["subject"],
            opened_on=values["opened_on"],
            mediator=_one(key_workers(membership), values["mediator"], "mediator"),
            households=_many(household_list(actor=membership), values["households"], "households"),
            building=_one(buildings, values["building"], "building"),
            units=_many(
                Unit.objects.filter(building__in=buildings).select_related("building"), values["units"], "units"
            ),
            description=values["description"],
        )
        return Response(_case_payload(request, membership, case.pk), status=status.HTTP_201_CREATED)


@access(SUPPORT)
class MediationDetail(APIView):
    @extend_schema(responses=MediationDetailOutput, summary="A mediation case with its meetings")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_case_payload(request, actor_of(request), pk))


@access(SUPPORT)
class MediationMeetingCreate(APIView):
    @extend_schema(
        request=SupportMeetingInput, responses={201: SupportMeetingOutput}, summary="Record a mediation meeting"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        case = selectors.mediation_get(actor=membership, pk=pk)
        values = _valid(SupportMeetingInput, request)
        values["attendees"] = _attendees(membership, values["attendees"])
        meeting = services.meeting_record(actor=membership, mediation=case, **values)
        return Response(_meeting_payload(membership, meeting), status=status.HTTP_201_CREATED)


@access(SUPPORT_SENSITIVE)
class MediationNoteCreate(APIView):
    @extend_schema(
        request=SupportNoteInput,
        responses={201: SupportNoteOutput},
        summary="Add a note to a mediation case (sensitive)",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        case = selectors.mediation_get(actor=membership, pk=pk)
        note = services.mediation_note_add(actor=membership, case=case, **_valid(SupportNoteInput, request))
        return Response(SupportNoteOutput(note).data, status=status.HTTP_201_CREATED)


@access(SUPPORT)
class MediationClose(APIView):
    @extend_schema(request=MediationCloseInput, responses=MediationDetailOutput, summary="Close a mediation case")
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        case = selectors.mediation_get(actor=membership, pk=pk)
        services.mediation_close(actor=membership, case=case, **_valid(MediationCloseInput, request))
        return Response(_case_payload(request, membership, pk))
