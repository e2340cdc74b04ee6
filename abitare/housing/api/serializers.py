from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.housing.editable import (
    BUILDING_FIELDS,
    COMMON_SPACE_FIELDS,
    OWNER_AGREEMENT_FIELDS,
    OWNER_FIELDS,
    UNIT_FIELDS,
)
from abitare.housing.models import Building, CommonSpace, Owner, OwnerAgreement, Unit, UnitStateChange


class BuildingOutput(serializers.ModelSerializer[Building]):
    class Meta:
        model = Building
        fields = ["id", *BUILDING_FIELDS, "retired_on", "retired_reason"]


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
            "bedrooms",
            "cadastral_sub",
            "agreed_rent_zone",
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


# Writes: the shape here, the rules (scope, owner, bedrooms within rooms) in services/stock.py ----


class _Input(serializers.ModelSerializer[Any]):
    class Meta:
        validators: list[Any] = []  # uniqueness and constraints are the service's (full_clean)


class BuildingInput(_Input):
    class Meta(_Input.Meta):
        model = Building
        fields = BUILDING_FIELDS


class UnitInput(_Input):
    building = params.IdRelatedField(queryset=Building.objects.all())

    class Meta(_Input.Meta):
        model = Unit
        fields = ["building", *UNIT_FIELDS, "state"]


class UnitUpdateInput(_Input):
    class Meta(_Input.Meta):
        model = Unit
        fields = UNIT_FIELDS


class OwnerInput(_Input):
    class Meta(_Input.Meta):
        model = Owner
        fields = OWNER_FIELDS


class OwnerAgreementInput(_Input):
    class Meta(_Input.Meta):
        model = OwnerAgreement
        fields = OWNER_AGREEMENT_FIELDS


class CommonSpaceInput(_Input):
    class Meta(_Input.Meta):
        model = CommonSpace
        fields = COMMON_SPACE_FIELDS


class RetireInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class OwnerAgreementOutput(serializers.ModelSerializer[OwnerAgreement]):
    class Meta:
        model = OwnerAgreement
        fields = ["id", "owner", *OWNER_AGREEMENT_FIELDS]


class OwnerOutput(serializers.ModelSerializer[Owner]):
    agreements = OwnerAgreementOutput(many=True, read_only=True)

    class Meta:
        model = Owner
        fields = ["id", *OWNER_FIELDS, "agreements"]


class CommonSpaceOutput(serializers.ModelSerializer[CommonSpace]):
    class Meta:
        model = CommonSpace
        fields = ["id", "building", *COMMON_SPACE_FIELDS]
