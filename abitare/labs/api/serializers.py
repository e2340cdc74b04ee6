"""Explicit input and output shapes of the labs API; the services decide the rules.

Registrations, attendance, volunteers and help-network members are personal data: they appear
only in the facilitators' scoped endpoints, never in the public occurrence list.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abitare.core import params
from abitare.labs.models import (
    Activity,
    ActivityException,
    AgoraInvitation,
    Attendance,
    CouncilMeeting,
    HeadCount,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Lab,
    LabPhaseChange,
    OpeningHours,
    Place,
    Registration,
    Tag,
    Volunteer,
    VolunteerHours,
)


def choice(choices: type[models.Choices], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented by its values in the description rather than as an enum: the
    schema's enum post-processing names enums by field, and the many ``kind``/``status`` fields of
    different models would collide (warnings that fail the schema check)."""
    values = list(choices.values)
    schema = {
        "type": "integer" if isinstance(values[0], int) else "string",
        "description": "One of: " + ", ".join(str(value) for value in values),
    }
    field_class = extend_schema_field(schema)(type(f"{choices.__name__}Choice", (serializers.ChoiceField,), {}))
    field: serializers.ChoiceField = field_class(choices=choices.choices, **kwargs)
    return field


class OpeningHoursOutput(serializers.ModelSerializer[OpeningHours]):
    weekday = choice(OpeningHours.Weekday, read_only=True)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens_at", "closes_at"]


class PlaceOutput(serializers.ModelSerializer[Place]):
    opening_hours = OpeningHoursOutput(many=True, read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "territory",
            "organisation",
            "street",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "step_free",
            "accessibility",
            "opening_hours",
        ]


class OpeningHoursInput(serializers.Serializer[Any]):
    weekday = params.IntegerField(min_value=0, max_value=6)
    opens_at = serializers.TimeField()
    closes_at = serializers.TimeField()


class PlaceInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    territory = params.IntegerField()
    street = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=5, required=False, default="", allow_blank=True)
    city = serializers.CharField(max_length=100)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    step_free = serializers.BooleanField(required=False, default=False)
    accessibility = serializers.CharField(required=False, default="", allow_blank=True)
    opening_hours = OpeningHoursInput(many=True, required=False, default=list)


class PhaseChangeOutput(serializers.ModelSerializer[LabPhaseChange]):
    phase_from = serializers.CharField(read_only=True)
    phase_to = choice(Lab.Phase, read_only=True)

    class Meta:
        model = LabPhaseChange
        fields = ["phase_from", "phase_to", "date", "note"]


class LabOutput(serializers.ModelSerializer[Lab]):
    kind = choice(Lab.Kind, read_only=True)
    phase = choice(Lab.Phase, read_only=True)
    tags = serializers.SlugRelatedField[Tag](slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Lab
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "territory",
            "organisation",
            "main_place",
            "places",
            "tags",
            "description",
            "email",
            "phone",
            "phase",
            "is_published",
        ]


class LabDetailOutput(LabOutput):
    phase_changes = PhaseChangeOutput(many=True, read_only=True)

    class Meta(LabOutput.Meta):
        fields = [*LabOutput.Meta.fields, "phase_changes"]


class LabInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = choice(Lab.Kind)
    territory = params.IntegerField()
    main_place = params.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)


class PhaseInput(serializers.Serializer[Any]):
    phase = choice(Lab.Phase)
    date = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ReachOutput(serializers.Serializer[Any]):
    people = params.IntegerField()
    named = params.IntegerField()
    counted = params.IntegerField()
    first_time = params.IntegerField()
    first_time_known = params.IntegerField()
    first_time_share = serializers.FloatField(allow_null=True)


class ExceptionOutput(serializers.ModelSerializer[ActivityException]):
    kind = choice(ActivityException.Kind, read_only=True)

    class Meta:
        model = ActivityException
        fields = ["original_start", "kind", "new_start", "note"]


class AgoraInvitationStatusOutput(serializers.ModelSerializer[AgoraInvitation]):
    status = choice(AgoraInvitation.Status, read_only=True)

    class Meta:
        model = AgoraInvitation
        fields = ["id", "lab", "status", "invited_at", "answered_at"]


class AgoraInvitationOutput(AgoraInvitationStatusOutput):
    activity = params.IntegerField(source="activity_id", read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    activity_start = serializers.DateTimeField(source="activity.dtstart", read_only=True)
    host_lab = serializers.CharField(source="activity.lab.name", read_only=True)
    host_organisation = serializers.CharField(source="activity.lab.organisation.name", read_only=True)

    class Meta(AgoraInvitationStatusOutput.Meta):
        fields = [*AgoraInvitationStatusOutput.Meta.fields, "activity", "activity_title", "activity_start"]
        fields += ["host_lab", "host_organisation"]


class AgoraAnswerInput(serializers.Serializer[Any]):
    accept = serializers.BooleanField(help_text="true: the lab takes part; false: it declines (or withdraws).")


class ActivityOutput(serializers.ModelSerializer[Activity]):
    kind = choice(Activity.Kind, read_only=True)
    audience = choice(Activity.Audience, read_only=True)
    tags = serializers.SlugRelatedField[Tag](slug_field="slug", many=True, read_only=True)
    exceptions = ExceptionOutput(many=True, read_only=True)
    invitations = AgoraInvitationStatusOutput(
        many=True, read_only=True, help_text="Labs of other organisations invited; only accepted ones take part."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "lab",
            "kind",
            "title",
            "description",
            "place",
            "dtstart",
            "duration",
            "rrule",
            "last_end",
            "capacity",
            "audience",
            "tags",
            "is_free",
            "registration_required",
            "participating_labs",
            "invitations",
            "exceptions",
        ]


class ActivityInput(serializers.Serializer[Any]):
    lab = params.IntegerField()
    title = serializers.CharField(max_length=200)
    place = params.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    rrule = serializers.CharField(required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    kind = choice(Activity.Kind, required=False, default=Activity.Kind.ACTIVITY)
    capacity = params.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    audience = choice(Activity.Audience, required=False, default=Activity.Audience.ALL)
    tags = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list)
    is_free = serializers.BooleanField(required=False, default=True)
    registration_required = serializers.BooleanField(required=False, default=False)
    participating_labs = serializers.ListField(child=params.IntegerField(), required=False, default=list)


class ExceptionInput(serializers.Serializer[Any]):
    original_start = serializers.DateTimeField()
    kind = choice(ActivityException.Kind)
    new_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class OccurrenceOutput(serializers.Serializer[Any]):
    activity = params.IntegerField()
    title = serializers.CharField()
    lab = params.IntegerField()
    lab_name = serializers.CharField()
    place = params.IntegerField()
    place_name = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    original_start = serializers.DateTimeField()
    moved = serializers.BooleanField()
    audience = serializers.CharField()
    is_free = serializers.BooleanField()
    registration_required = serializers.BooleanField()


class RegistrationOutput(serializers.ModelSerializer[Registration]):
    status = choice(Registration.Status, read_only=True)
    activity = params.IntegerField(source="occurrence.activity_id", read_only=True)
    start = serializers.DateTimeField(source="occurrence.start", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "activity", "start", "name", "email", "phone", "status", "first_time", "created_at"]


class RegistrationInput(serializers.Serializer[Any]):
    activity = params.IntegerField()
    start = serializers.DateTimeField()
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    first_time = serializers.BooleanField(required=False, allow_null=True, default=None)
    consent = serializers.BooleanField()


class AttendanceOutput(serializers.ModelSerializer[Attendance]):
    class Meta:
        model = Attendance
        fields = ["id", "registration", "name", "first_time"]


class WalkInInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    first_time = serializers.BooleanField(required=False, allow_null=True, default=None)


class AttendanceInput(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    present_registrations = serializers.ListField(child=params.IntegerField(), required=False, default=list)
    walk_ins = WalkInInput(many=True, required=False, default=list)


class HeadCountOutput(serializers.ModelSerializer[HeadCount]):
    age_band = choice(HeadCount.AgeBand, read_only=True)
    sex = choice(HeadCount.Sex, read_only=True)

    class Meta:
        model = HeadCount
        fields = ["age_band", "sex", "count"]


class HeadCountCell(serializers.Serializer[Any]):
    age_band = choice(HeadCount.AgeBand)
    sex = choice(HeadCount.Sex)
    count = params.IntegerField(min_value=0, max_value=10000)


class HeadCountInput(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    counts = HeadCountCell(many=True)


class VolunteerOutput(serializers.ModelSerializer[Volunteer]):
    total_hours = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "skills",
            "availability",
            "weekdays",
            "labs",
            "is_active",
            "total_hours",
        ]


class VolunteerInput(serializers.Serializer[Any]):
    labs = serializers.ListField(child=params.IntegerField(), min_length=1)
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    skills = serializers.CharField(required=False, default="", allow_blank=True)
    availability = serializers.CharField(required=False, default="", allow_blank=True)
    weekdays = serializers.ListField(child=params.IntegerField(min_value=0, max_value=6), required=False, default=list)
    consent = serializers.BooleanField()


class VolunteerHoursOutput(serializers.ModelSerializer[VolunteerHours]):
    class Meta:
        model = VolunteerHours
        fields = ["id", "volunteer", "lab", "date", "hours"]


class VolunteerHoursInput(serializers.Serializer[Any]):
    lab = params.IntegerField()
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)


class HelpNetworkOutput(serializers.ModelSerializer[HelpNetwork]):
    kind = choice(HelpNetwork.Kind, read_only=True)
    member_count = params.IntegerField(read_only=True)
    open_requests = params.IntegerField(read_only=True)

    class Meta:
        model = HelpNetwork
        fields = [
            "id",
            "name",
            "kind",
            "organisation",
            "territory",
            "lab",
            "description",
            "is_active",
            "member_count",
            "open_requests",
        ]


class HelpNetworkInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = choice(HelpNetwork.Kind)
    territory = params.IntegerField()
    lab = params.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, default="", allow_blank=True)


class HelpMemberOutput(serializers.ModelSerializer[HelpNetworkMember]):
    class Meta:
        model = HelpNetworkMember
        fields = ["id", "name", "email", "phone", "neighbourhood", "is_active"]


class HelpMemberInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    neighbourhood = params.IntegerField()
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    consent = serializers.BooleanField()


class HelpOfferOutput(serializers.ModelSerializer[HelpOffer]):
    kind = choice(HelpNetwork.Kind, read_only=True)

    class Meta:
        model = HelpOffer
        fields = [
            "id",
            "network",
            "person_name",
            "kind",
            "description",
            "neighbourhood",
            "weekdays",
            "time_from",
            "time_to",
            "is_active",
        ]


class HelpRequestOutput(serializers.ModelSerializer[HelpRequest]):
    kind = choice(HelpNetwork.Kind, read_only=True)
    status = choice(HelpRequest.Status, read_only=True)

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "network",
            "person_name",
            "kind",
            "description",
            "neighbourhood",
            "weekdays",
            "time_from",
            "time_to",
            "status",
            "matched_offer",
        ]


class HelpNeedInput(serializers.Serializer[Any]):
    person_name = serializers.CharField(max_length=150)
    kind = choice(HelpNetwork.Kind)
    description = serializers.CharField()
    neighbourhood = params.IntegerField()
    weekdays = serializers.ListField(child=params.IntegerField(min_value=0, max_value=6), required=False, default=list)
    time_from = serializers.TimeField(required=False, allow_null=True, default=None)
    time_to = serializers.TimeField(required=False, allow_null=True, default=None)


class HelpMatchOutput(serializers.Serializer[Any]):
    offer = HelpOfferOutput()
    place_score = params.IntegerField()
    shared_weekdays = params.IntegerField()
    shared_minutes = params.IntegerField(allow_null=True)


class HelpMatchInput(serializers.Serializer[Any]):
    offer = params.IntegerField()


class CouncilMeetingOutput(serializers.ModelSerializer[CouncilMeeting]):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMeeting
        fields = ["id", "lab", "date", "place", "agenda", "minutes", "attendees"]

    def get_attendees(self, meeting: CouncilMeeting) -> list[dict[str, str]]:
        return [{"name": a.name, "represents": a.represents} for a in meeting.attendees.all()]
