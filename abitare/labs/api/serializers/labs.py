"""Shapes of labs, their places and opening hours, phases, reach and council meetings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.labs.api.serializers._fields import choice
from abitare.labs.models import CouncilMeeting, Lab, LabPhaseChange, OpeningHours, Place, Tag


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


class CouncilMeetingOutput(serializers.ModelSerializer[CouncilMeeting]):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMeeting
        fields = ["id", "lab", "date", "place", "agenda", "minutes", "attendees"]

    def get_attendees(self, meeting: CouncilMeeting) -> list[dict[str, str]]:
        return [{"name": a.name, "represents": a.represents} for a in meeting.attendees.all()]
