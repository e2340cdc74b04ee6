"""Input and output serializers of the API of tenancies, the rent ledger, savings, write-offs and
exits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from abitare.core import params
from abitare.registry.permissions import address_view_in
from abitare.tenancies.models import (
    ContractType,
    ExitDestination,
    LedgerEntry,
    SavingsEntry,
    Tenancy,
    TenancyExit,
    WriteOffRequest,
)

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
CONFIDENTIAL_UNIT = "The unit; null when the household's address is confidential and the caller may not see it."


class TenancyOutput(serializers.ModelSerializer[Tenancy]):
    balance = serializers.DecimalField(read_only=True, **MONEY, help_text="Positive: owed; negative: credit.")
    unit = serializers.SerializerMethodField(help_text=CONFIDENTIAL_UNIT)

    def get_unit(self, tenancy: Tenancy) -> int | None:
        return address_view_in(self.context).place_id(tenancy.household_id, tenancy.unit_id)

    class Meta:
        model = Tenancy
        fields = [
            "id", "reference", "organisation", "territory", "unit", "household", "allocation", "contract_type",
            "pathway", "starts_on", "ends_on", "monthly_rent", "monthly_charges", "savings_deposit", "due_day",
            "renewals", "status", "ended_on", "balance",
        ]  # fmt: skip


class LedgerAgeingBucketOutput(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    low = params.IntegerField(allow_null=True)
    high = params.IntegerField(allow_null=True)
    amount = serializers.DecimalField(**MONEY)


class TenancyDetailOutput(TenancyOutput):
    savings_balance = serializers.DecimalField(read_only=True, **MONEY)
    ageing = LedgerAgeingBucketOutput(many=True, read_only=True)

    class Meta(TenancyOutput.Meta):
        fields = [*TenancyOutput.Meta.fields, "savings_balance", "ageing"]


class TenancyInput(serializers.Serializer[Any]):
    allocation = params.IntegerField(required=False, help_text="An accepted offer's allocation id.")
    household = params.IntegerField(required=False)
    unit = params.IntegerField(required=False)
    pathway = serializers.CharField(required=False, max_length=24)
    starts_on = serializers.DateField(required=False)
    contract_type = serializers.ChoiceField(choices=ContractType.choices)
    ends_on = serializers.DateField(required=False, allow_null=True)
    monthly_rent = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    monthly_charges = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    savings_deposit = serializers.DecimalField(required=False, default=Decimal(0), **MONEY)
    due_day = params.IntegerField(required=False, default=5, min_value=1, max_value=28)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "allocation" not in attrs:
            missing = [name for name in ("household", "unit", "pathway", "starts_on") if name not in attrs]
            if missing:
                raise serializers.ValidationError({name: ["This field is required."] for name in missing})
        return attrs


class LedgerEntryOutput(serializers.ModelSerializer[LedgerEntry]):
    class Meta:
        model = LedgerEntry
        fields = [
            "id", "tenancy", "kind", "amount", "signed_amount", "value_date", "month", "due_on", "description",
            "reference", "source", "source_ref", "reverses", "corrects", "reason", "created_by", "created_at",
        ]  # fmt: skip


class TenancyPaymentInput(serializers.Serializer[Any]):
    amount = serializers.DecimalField(**MONEY)
    value_date = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    payer_iban = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)


class LedgerReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class TenancyStatementLineOutput(serializers.Serializer[Any]):
    id = params.IntegerField(source="movement.id")
    value_date = serializers.DateField(source="movement.value_date")
    kind = serializers.CharField(source="movement.kind")
    description = serializers.CharField(source="movement.description")
    debit = serializers.DecimalField(allow_null=True, **MONEY)
    credit = serializers.DecimalField(allow_null=True, **MONEY)
    balance = serializers.DecimalField(**MONEY)


class TenancyStatementOutput(serializers.Serializer[Any]):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    opening = serializers.DecimalField(**MONEY)
    debits = serializers.DecimalField(**MONEY)
    credits = serializers.DecimalField(**MONEY)
    closing = serializers.DecimalField(**MONEY)
    lines = TenancyStatementLineOutput(many=True)


class TenancyStatementQuery(serializers.Serializer[Any]):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class SavingsEntryOutput(serializers.ModelSerializer[SavingsEntry]):
    class Meta:
        model = SavingsEntry
        fields = [
            "id", "tenancy", "kind", "amount", "signed_amount", "value_date", "month", "funds", "description",
            "reverses", "reason", "created_by", "created_at",
        ]  # fmt: skip


class SavingsDepositInput(serializers.Serializer[Any]):
    amount = serializers.DecimalField(**MONEY)
    value_date = serializers.DateField()


class SavingsPayoutInput(SavingsDepositInput):
    funds = serializers.ChoiceField(choices=SavingsEntry.Funds.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class WriteOffOutput(serializers.ModelSerializer[WriteOffRequest]):
    class Meta:
        model = WriteOffRequest
        fields = [
            "id", "tenancy", "amount", "reason", "status", "requested_by", "requested_at", "decided_by",
            "decided_at", "decision_note", "entry",
        ]  # fmt: skip


class WriteOffInput(serializers.Serializer[Any]):
    amount = serializers.DecimalField(**MONEY)
    reason = serializers.CharField(max_length=2000)


class WriteOffDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TenancyExitOutput(serializers.ModelSerializer[TenancyExit]):
    reference = serializers.CharField(source="tenancy.reference", read_only=True)
    pathway = serializers.CharField(source="tenancy.pathway", read_only=True)

    class Meta:
        model = TenancyExit
        fields = ["id", "tenancy", "reference", "pathway", "exited_on", "destination", "notes", "created_by"]


class TenancyExitInput(serializers.Serializer[Any]):
    exited_on = serializers.DateField()
    destination = serializers.ChoiceField(choices=ExitDestination.choices)
    savings_funds = serializers.ChoiceField(choices=SavingsEntry.Funds.choices, required=False, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
