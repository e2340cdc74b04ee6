"""Input and output shapes of the hosting API (shape only: rules are in services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abitare.core import params
from abitare.hosting.models import EmergencyRequest, Host, HostAvailability, HostSupportEntry, Placement
from abitare.registry.permissions import address_view_in


class AvailabilityOutput(serializers.ModelSerializer[HostAvailability]):
    class Meta:
        model = HostAvailability
        fields = ["id", "start", "end"]


class HostOutput(serializers.ModelSerializer[Host]):
    name = serializers.CharField(source="__str__")
    availabilities = AvailabilityOutput(many=True)

    class Meta:
        model = Host
        fields = [
            "id",
            "name",
            "household",
            "person",
            "territory",
            "capacity",
            "conditions",
            "offers_room",
            "offers_meals",
            "offers_accompaniment",
            "pets_allowed",
            "step_free",
            "status",
            "availabilities",
        ]


class OffersInput(serializers.Serializer[Any]):
    capacity = params.IntegerField(min_value=1, max_value=20)
    conditions = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    offers_room = serializers.BooleanField(required=False, default=True)
    offers_meals = serializers.BooleanField(required=False, default=False)
    offers_accompaniment = serializers.BooleanField(required=False, default=False)
    pets_allowed = serializers.BooleanField(required=False, default=False)
    step_free = serializers.BooleanField(required=False, default=False)


class SubjectInput(serializers.Serializer[Any]):
    household = params.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    person = params.IntegerField(min_value=1, required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("household") is None) == (attrs.get("person") is None):
            raise serializers.ValidationError({"household": [_("Give either a household number or a person number.")]})
        return attrs


class HostInput(SubjectInput, OffersInput):
    """A new host family: who it is and what it offers, in one request."""


class HostUpdateInput(OffersInput):
    status = serializers.ChoiceField(choices=Host.Status.choices)


class AvailabilityInput(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()


class SupportOutput(serializers.ModelSerializer[HostSupportEntry]):
    recorded_by = serializers.CharField(source="recorded_by.get_username")

    class Meta:
        model = HostSupportEntry
        fields = [
            "id",
            "kind",
            "amount",
            "hours",
            "occurred_on",
            "description",
            "reverses",
            "recorded_by",
            "recorded_at",
        ]


class SupportInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=HostSupportEntry.Kind.choices)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None
    )
    hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None
    )
    occurred_on = serializers.DateField()
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SupportTotalsOutput(serializers.Serializer[Any]):
    home_care_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    food_vouchers = serializers.DecimalField(max_digits=12, decimal_places=2)
    reimbursements = serializers.DecimalField(max_digits=12, decimal_places=2)
    money = serializers.DecimalField(max_digits=12, decimal_places=2)


class SupportLedgerOutput(serializers.Serializer[Any]):
    totals = SupportTotalsOutput()
    entries = SupportOutput(many=True)


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class RequestOutput(serializers.ModelSerializer[EmergencyRequest]):
    name = serializers.CharField(source="__str__")

    class Meta:
        model = EmergencyRequest
        fields = [
            "id",
            "name",
            "household",
            "person",
            "territory",
            "guests",
            "urgency",
            "wanted_from",
            "wanted_until",
            "needs",
            "needs_step_free",
            "needs_meals",
            "needs_accompaniment",
            "has_pets",
            "requested_by",
            "status",
            "status_reason",
        ]


class RequestInput(SubjectInput):
    guests = params.IntegerField(min_value=1, max_value=20)
    urgency = serializers.ChoiceField(choices=EmergencyRequest.Urgency.choices, default=EmergencyRequest.Urgency.URGENT)
    wanted_from = serializers.DateField()
    wanted_until = serializers.DateField()
    requested_by = serializers.CharField(max_length=200)
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    needs_step_free = serializers.BooleanField(required=False, default=False)
    needs_meals = serializers.BooleanField(required=False, default=False)
    needs_accompaniment = serializers.BooleanField(required=False, default=False)
    has_pets = serializers.BooleanField(required=False, default=False)


# The statuses an operator may set by hand (placed is set by placing).
REQUEST_CLOSING_CHOICES = [
    (EmergencyRequest.Status.CLOSED.value, EmergencyRequest.Status.CLOSED.label),
    (EmergencyRequest.Status.WITHDRAWN.value, EmergencyRequest.Status.WITHDRAWN.label),
]


class RequestStatusInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=REQUEST_CLOSING_CHOICES)
    reason = serializers.CharField(max_length=300)


class CandidatesQuery(serializers.Serializer[Any]):
    start = serializers.DateField(required=False)
    planned_end = serializers.DateField(required=False)
    guests = params.IntegerField(min_value=1, required=False)


class CandidateOutput(serializers.Serializer[Any]):
    host = params.IntegerField(source="host.pk")
    name = serializers.CharField(source="host.__str__")
    free_beds = params.IntegerField()


class PlacementOutput(serializers.ModelSerializer[Placement]):
    """The host, and the request, are left out (null) where they would tell a caller who may not
    see it where a household with a confidential address is staying."""

    host = serializers.SerializerMethodField(help_text="Null when the guests' address is confidential to the caller.")
    request = serializers.SerializerMethodField(
        help_text="Null when the guests' address is confidential to the caller."
    )

    def get_host(self, placement: Placement) -> int | None:
        return address_view_in(self.context).place_id(placement.request.household_id, placement.host_id)

    def get_request(self, placement: Placement) -> int | None:
        return address_view_in(self.context).place_id(placement.request.household_id, placement.request_id)

    class Meta:
        model = Placement
        fields = ["id", "host", "request", "guests", "start", "planned_end", "actual_end", "end_reason"]


class PlacementInput(serializers.Serializer[Any]):
    request = params.IntegerField(min_value=1)
    host = params.IntegerField(min_value=1)
    guests = params.IntegerField(min_value=1, max_value=20, required=False, allow_null=True, default=None)
    start = serializers.DateField()
    planned_end = serializers.DateField()


class PlacementEndInput(serializers.Serializer[Any]):
    actual_end = serializers.DateField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
