"""The support-plan API: plans with goals, meetings and referrals; mediation cases. Scoped like the
pages; every plan or case served goes to the access log. Notes follow one rule: the selectors
return them only to a member who may read them, and the output serializers drop the ``notes`` key
otherwise (not an empty list, not a count)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.accounts.models import Membership
from abitare.accounts.selectors import territory_list
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.housing.models import Building, Unit
from abitare.registry.models import Household, Person
from abitare.registry.permissions import address_view_in
from abitare.registry.selectors import household_list, person_list
from abitare.tenancies.models import (
    Goal,
    GoalStatusChange,
    MediationCase,
    MediationNote,
    Meeting,
    MeetingNote,
    Referral,
    SupportPlan,
)
from abitare.tenancies.permissions import SUPPORT, SUPPORT_SENSITIVE
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.services.support import NOTE_MAX_CHARS, NewGoal, key_workers, labs_available

# Outputs ----------------------------------------------------------------------------------------

REFERRAL_OUTCOME_CHOICES = [
    (Referral.Status.TAKEN_UP.value, Referral.Status.TAKEN_UP.label),
    (Referral.Status.DECLINED.value, Referral.Status.DECLINED.label),
]
IDS = serializers.ListField(child=params.IntegerField())
NOTES_HELP = "Only present for a member with the sensitive-data permission; every read is logged."


class SupportNoteOutput(serializers.Serializer[Any]):
    id = params.IntegerField()
    text = serializers.CharField()
    written_by = params.IntegerField(source="written_by_id")
    created_at = serializers.DateTimeField()


class _WithNotes(serializers.Serializer[Any]):
    """Drops ``notes`` unless the view put the notes it may show in the context."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        notes = self.context.get(self.notes_key)
        if notes is None:
            data.pop("notes", None)
        else:
            data["notes"] = SupportNoteOutput(self.notes_for(notes, instance), many=True).data
        return data

    notes_key = "notes"

    def notes_for(self, notes: Any, instance: Any) -> list[Any]:
        return list(notes.get(instance.pk, []))


class SupportMeetingOutput(_WithNotes):
    id = params.IntegerField()
    held_on = serializers.DateField()
    kind = serializers.CharField(help_text="interview, home_visit, phone, joint, other")
    attendees = serializers.SerializerMethodField(help_text="Ids of the persons who attended")
    other_attendees = serializers.CharField()
    summary = serializers.CharField()
    recorded_by = params.IntegerField(source="recorded_by_id")
    notes = SupportNoteOutput(many=True, required=False, read_only=True, help_text=NOTES_HELP)

    @extend_schema_field(IDS)
    def get_attendees(self, meeting: Meeting) -> list[int]:
        return [person.pk for person in meeting.attendees.all()]


class SupportGoalChangeOutput(serializers.Serializer[Any]):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    changed_on = serializers.DateField()


class SupportGoalOutput(serializers.Serializer[Any]):
    id = params.IntegerField()
    title = serializers.CharField()
    domain = serializers.CharField(source="domain.code", allow_null=True, help_text="Code of the life domain")
    status = serializers.CharField(help_text="proposed, in_progress, achieved, dropped")
    target_on = serializers.DateField(allow_null=True)
    history = SupportGoalChangeOutput(source="status_changes.all", many=True, read_only=True)


class SupportReferralOutput(serializers.Serializer[Any]):
    id = params.IntegerField()
    kind = serializers.CharField(help_text="lab, service")
    lab = params.IntegerField(source="lab_id", allow_null=True)
    service_name = serializers.CharField()
    service_contact = serializers.CharField()
    purpose = serializers.CharField()
    sent_on = serializers.DateField()
    status = serializers.CharField(help_text="sent, taken_up, declined")
    follow_up_on = serializers.DateField()
    outcome_on = serializers.DateField(allow_null=True)


class SupportPlanOutput(serializers.Serializer[Any]):
    id = params.IntegerField()
    household = params.IntegerField(source="household_id")
    household_name = serializers.CharField(source="household.name")
    tenancy = params.IntegerField(source="tenancy_id", allow_null=True)
    key_worker = params.IntegerField(source="key_worker_id")
    started_on = serializers.DateField()
    next_review_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open, closed")
    closed_on = serializers.DateField(allow_null=True)
    closing_reason = serializers.CharField(
        help_text="goals_achieved, moved_on, taken_over, withdrawn, other; empty while open"
    )


class SupportPlanDetailOutput(SupportPlanOutput):
    goals = SupportGoalOutput(many=True, source="goals.all", read_only=True)
    meetings = serializers.SerializerMethodField()
    referrals = SupportReferralOutput(many=True, source="referrals.all", read_only=True)

    @extend_schema_field(SupportMeetingOutput(many=True))
    def get_meetings(self, plan: SupportPlan) -> Any:
        return SupportMeetingOutput(self.context["meetings"], many=True, context=self.context).data


class MediationOutput(serializers.Serializer[Any]):
    id = params.IntegerField()
    territory = params.IntegerField(source="territory_id")
    subject = serializers.CharField(help_text="noise, common_spaces, cleaning, animals, parking, behaviour, other")
    opened_on = serializers.DateField()
    mediator = params.IntegerField(source="mediator_id")
    building = serializers.SerializerMethodField(
        help_text="Null also when a household involved has a confidential address the caller may not see."
    )
    status = serializers.CharField(help_text="open, closed")
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(help_text="agreement, partial, no_agreement, referred, withdrawn; empty while open")

    def get_building(self, case: MediationCase) -> int | None:
        return address_view_in(self.context).place_id(case.households.all(), case.building_id)


class MediationDetailOutput(_WithNotes, MediationOutput):
    households = serializers.SerializerMethodField(help_text="Ids of the households involved")
    units = serializers.SerializerMethodField(help_text="Ids of the units involved")
    meetings = serializers.SerializerMethodField()
    notes = SupportNoteOutput(many=True, required=False, read_only=True, help_text=NOTES_HELP)
    notes_key = "case_notes"

    def notes_for(self, notes: Any, instance: Any) -> list[Any]:
        return list(notes)

    @extend_schema_field(IDS)
    def get_households(self, case: MediationCase) -> list[int]:
        return [household.pk for household in case.households.all()]

    @extend_schema_field(IDS)
    def get_units(self, case: MediationCase) -> list[int]:
        if address_view_in(self.context).hides(case.households.all()):
            return []
        return [unit.pk for unit in case.units.all()]

    @extend_schema_field(SupportMeetingOutput(many=True))
    def get_meetings(self, case: MediationCase) -> Any:
        return SupportMeetingOutput(self.context["meetings"], many=True, context=self.context).data


# Inputs -----------------------------------------------------------------------------------------


class SupportGoalInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    domain = params.IntegerField(required=False, allow_null=True, default=None, help_text="A domain id")
    target_on = serializers.DateField(required=False, allow_null=True, default=None)


class SupportPlanInput(serializers.Serializer[Any]):
    household = params.IntegerField()
    key_worker = params.IntegerField(help_text="A user id of a case worker of your organisation")
    started_on = serializers.DateField()
    next_review_on = serializers.DateField()
    goals = SupportGoalInput(many=True, required=False, default=list)


class SupportPlanCloseInput(serializers.Serializer[Any]):
    closed_on = serializers.DateField()
    closing_reason = serializers.ChoiceField(choices=SupportPlan.ClosingReason.choices)


class SupportGoalStatusInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Goal.Status.choices)


class SupportMeetingInput(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, default=Meeting.Kind.INTERVIEW)
    attendees = serializers.ListField(child=params.IntegerField(), required=False, default=list)
    other_attendees = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=200)
    note = serializers.CharField(
        max_length=NOTE_MAX_CHARS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Sensitive: refused (403) for a member without the sensitive-data permission.",
    )


class SupportNoteInput(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=NOTE_MAX_CHARS)


class SupportReferralInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Referral.Kind.choices)
    lab = params.IntegerField(required=False, allow_null=True, default=None)
    service_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    service_contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sent_on = serializers.DateField()
    follow_up_on = serializers.DateField()


class SupportReferralOutcomeInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=REFERRAL_OUTCOME_CHOICES)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class MediationInput(serializers.Serializer[Any]):
    territory = params.IntegerField()
    subject = serializers.ChoiceField(choices=MediationCase.Subject.choices)
    opened_on = serializers.DateField()
    mediator = params.IntegerField()
    households = serializers.ListField(child=params.IntegerField(), required=False, default=list)
    building = params.IntegerField(required=False, allow_null=True, default=None)
    units = serializers.ListField(child=params.IntegerField(), required=False, default=list)
    description = serializers.CharField(
        max_length=NOTE_MAX_CHARS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Sensitive: refused (403) for a member without the sensitive-data permission.",
    )


class MediationCloseInput(serializers.Serializer[Any]):
    closed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=MediationCase.Outcome.choices)


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
