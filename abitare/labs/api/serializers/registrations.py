"""Shapes of registrations, attendance and head counts (personal data: facilitators only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.labs.api.serializers._fields import choice
from abitare.labs.models import Attendance, HeadCount, Registration


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
