"""Serializers of offers, allocations and refusal rules (explicit input and output)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abitare.core import params
from abitare.matching.models import Allocation, Offer, RefusalReason, RefusalRule
from abitare.registry.permissions import address_view_in

CONFIDENTIAL_UNIT = "The unit; null when the household's address is confidential and the caller may not see it."


class RefusalConsequenceOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=RefusalRule.Consequence.choices)
    rule = params.IntegerField()
    rule_name = serializers.CharField()
    confidence = serializers.CharField()
    points = serializers.CharField(required=False)
    months = params.IntegerField(required=False)
    until = serializers.DateField(required=False)


class OfferOutput(serializers.ModelSerializer[Offer]):
    refusal_reason = serializers.SlugRelatedField[RefusalReason](slug_field="code", read_only=True)
    consequence = serializers.SerializerMethodField(
        help_text="After a refusal: the refusal rule that applied and what it did to the application."
    )
    allocation = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField(help_text=CONFIDENTIAL_UNIT)

    class Meta:
        model = Offer
        fields = [
            "id", "proposal", "round", "application", "household", "unit", "status", "sent_by", "sent_at",
            "reply_by", "responded_at", "recorded_by", "refusal_reason", "refusal_justified", "consequence", "note",
            "allocation",
        ]  # fmt: skip

    def get_unit(self, offer: Offer) -> int | None:
        return address_view_in(self.context).place_id(offer.household_id, offer.unit_id)

    @extend_schema_field(RefusalConsequenceOutput(allow_null=True))
    def get_consequence(self, offer: Offer) -> dict[str, Any] | None:
        return dict(RefusalConsequenceOutput(offer.consequence).data) if offer.consequence else None

    @extend_schema_field(params.IntegerField(allow_null=True))
    def get_allocation(self, offer: Offer) -> int | None:
        allocation = getattr(offer, "allocation", None) if offer.status == Offer.Status.ACCEPTED else None
        return allocation.pk if allocation is not None else None


class OfferSendInput(serializers.Serializer[Any]):
    reply_by = serializers.DateField()
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class OfferAcceptInput(serializers.Serializer[Any]):
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class OfferRefuseInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=40, help_text="A reason code of the territory's refusal rule.")
    justified = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Required when the rule leaves it to the operator."
    )
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class OfferWithdrawInput(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000)


class ProposalReplaceInput(serializers.Serializer[Any]):
    application = params.IntegerField()
    reason = serializers.CharField(max_length=1000)


class AllocationOutput(serializers.ModelSerializer[Allocation]):
    unit = serializers.SerializerMethodField(help_text=CONFIDENTIAL_UNIT)

    def get_unit(self, allocation: Allocation) -> int | None:
        return address_view_in(self.context).place_id(allocation.household_id, allocation.unit_id)

    class Meta:
        model = Allocation
        fields = [
            "id", "offer", "application", "household", "unit", "organisation", "territory", "starts_on", "ended_on",
            "created_by", "created_at",
        ]  # fmt: skip


class RefusalReasonOutput(serializers.ModelSerializer[RefusalReason]):
    class Meta:
        model = RefusalReason
        fields = ["code", "label", "justified"]


class RefusalRuleOutput(serializers.ModelSerializer[RefusalRule]):
    reasons = RefusalReasonOutput(many=True)

    class Meta:
        model = RefusalRule
        fields = [
            "id", "territory", "name", "valid_from", "valid_to", "source", "confidence", "consequence", "points",
            "months", "reasons",
        ]  # fmt: skip
