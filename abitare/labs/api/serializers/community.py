"""Shapes of volunteers and their hours, help networks, their members, offers, requests and matches
(personal data: facilitators only)."""

from __future__ import annotations

from typing import Any, TypeVar

from rest_framework import serializers

from abitare.core import params
from abitare.labs.api.serializers._fields import choice
from abitare.labs.models import (
    HelpNeed,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Volunteer,
    VolunteerHours,
)

N = TypeVar("N", bound=HelpNeed)


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


class HelpNeedOutput(serializers.ModelSerializer[N]):
    # What an offer and a request of help show alike; each side names its model and adds its own
    # fields (a comment, not a docstring: the schema would describe both sides with it).
    kind = choice(HelpNetwork.Kind, read_only=True)

    class Meta:
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
        ]


class HelpOfferOutput(HelpNeedOutput[HelpOffer]):
    class Meta(HelpNeedOutput.Meta):
        model = HelpOffer
        fields = [*HelpNeedOutput.Meta.fields, "is_active"]


class HelpRequestOutput(HelpNeedOutput[HelpRequest]):
    status = choice(HelpRequest.Status, read_only=True)

    class Meta(HelpNeedOutput.Meta):
        model = HelpRequest
        fields = [*HelpNeedOutput.Meta.fields, "status", "matched_offer"]


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
