from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.housing.models import Building, Unit, UnitStateChange


class BuildingOutput(serializers.ModelSerializer[Building]):
    class Meta:
        model = Building
        fields = [
            "id",
            "name",
            "address",
            "territory",
            "owner_kind",
            "max_low_low_share",
            "max_elderly",
            "max_young",
            "max_disability",
        ]


class UnitOutput(serializers.ModelSerializer[Unit]):
    monthly_cost = serializers.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        model = Unit
        fields = [
            "id",
            "building",
            "code",
            "floor",
            "lift",
            "rooms",
            "usable_m2",
            "max_occupants",
            "step_free",
            "wheelchair_accessible",
            "group_living",
            "earmarked_pathway",
            "monthly_rent",
            "service_charges",
            "monthly_cost",
            "state",
        ]


class StateChangeOutput(serializers.ModelSerializer[UnitStateChange]):
    class Meta:
        model = UnitStateChange
        fields = ["from_state", "to_state", "changed_at", "reason"]


class UnitStateInput(serializers.Serializer[Any]):
    to_state = serializers.ChoiceField(choices=Unit.State.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AgreedRentInput(serializers.Serializer[Any]):
    elements = params.IntegerField(min_value=0, max_value=40)
    extras = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal(0)),
        required=False,
        default=dict,
    )
    supplements = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)


class AgreedRentOutput(serializers.Serializer[Any]):
    conventional_m2 = serializers.DecimalField(max_digits=8, decimal_places=2)
    band = serializers.CharField()
    monthly_min = serializers.DecimalField(max_digits=12, decimal_places=2)
    monthly_max = serializers.DecimalField(max_digits=12, decimal_places=2)
    supplement_percent = serializers.DecimalField(max_digits=6, decimal_places=2)
