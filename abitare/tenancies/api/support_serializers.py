"""Input and output serializers of the support-plan API. Notes follow one rule: the selectors
return them only to a member who may read them, and the output serializers drop the ``notes`` key
otherwise (not an empty list, not a count)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abitare.core import params
from abitare.registry.permissions import address_view_in
from abitare.tenancies.models import Goal, MediationCase, Meeting, Referral, SupportPlan
from abitare.tenancies.services.support import NOTE_MAX_CHARS

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
