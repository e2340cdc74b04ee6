"""Shapes of activities, their dated occurrences and changed dates, and Agorà invitations."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.labs.api.serializers._fields import choice
from abitare.labs.models import Activity, ActivityException, AgoraInvitation, Tag


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
