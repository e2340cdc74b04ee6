"""Explicit input and output serializers of the registry API. Sensitive records have their own
serializer and are attached only for a membership that may read them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abitare.core import params
from abitare.registry.models import (
    Consultation,
    Disability,
    HealthNote,
    Household,
    HouseholdMember,
    IseeAttestation,
    JudicialMeasure,
    Person,
    ProtectionMeasure,
    Referral,
    Sex,
)
from abitare.registry.permissions import address_view_in


def _inline_enum(choices: list[tuple[str, Any]], description: str) -> dict[str, Any]:
    """The allowed values as a pattern: several apps name a field ``kind`` with different choices,
    and a shared enum component name would collide."""
    values = [value for value, _label in choices]
    return {
        "type": "string",
        "pattern": f"^({'|'.join(values)})$",
        "description": f"{description} {', '.join(values)}.",
    }


@extend_schema_field(_inline_enum(IseeAttestation.Kind.choices, "Kind of ISEE attestation."))
class IseeKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=IseeAttestation.Kind.choices, **kwargs)


@extend_schema_field(
    _inline_enum(Referral.Kind.choices, "Where the visitor was referred: lab, service, pathway, office.")
)
class ReferralKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Referral.Kind.choices, **kwargs)


class PersonOutput(serializers.ModelSerializer[Person]):
    territory = serializers.CharField(source="territory.name")
    territory_id = params.IntegerField()

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "birth_date",
            "birth_place",
            "sex",
            "codice_fiscale",
            "citizenship",
            "phone",
            "email",
            "territory_id",
            "territory",
            "created_at",
            "updated_at",
        ]


class DisabilityOutput(serializers.ModelSerializer[Disability]):
    class Meta:
        model = Disability
        fields = [
            "id",
            "recognition",
            "invalidity_percent",
            "non_self_sufficient",
            "recognised_on",
            "review_on",
            "notes",
        ]


class HealthNoteOutput(serializers.ModelSerializer[HealthNote]):
    class Meta:
        model = HealthNote
        fields = ["id", "noted_on", "notes"]


class JudicialMeasureOutput(serializers.ModelSerializer[JudicialMeasure]):
    class Meta:
        model = JudicialMeasure
        fields = ["id", "kind", "authority", "start_date", "end_date", "notes"]


class ProtectionMeasureOutput(serializers.ModelSerializer[ProtectionMeasure]):
    class Meta:
        model = ProtectionMeasure
        fields = ["id", "kind", "start_date", "end_date", "address_confidential", "notes"]


class SensitiveOutput(serializers.Serializer[Any]):
    disability = DisabilityOutput(many=True)
    healthnote = HealthNoteOutput(many=True)
    judicialmeasure = JudicialMeasureOutput(many=True)
    protectionmeasure = ProtectionMeasureOutput(many=True)


class PersonDetailOutput(PersonOutput):
    sensitive = SensitiveOutput(
        required=False, help_text="Only present for a membership with the sensitive-data permission."
    )

    class Meta(PersonOutput.Meta):
        fields = [*PersonOutput.Meta.fields, "sensitive"]

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        sensitive = self.context.get("sensitive")
        if sensitive is None:
            data.pop("sensitive", None)
        else:
            data["sensitive"] = SensitiveOutput(sensitive).data
        return data


class PersonInput(serializers.Serializer[Any]):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    birth_date = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    codice_fiscale = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    citizenship = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, allow_blank=True, default="IT")
    phone = serializers.RegexField(r"^\+?[0-9 ./-]{6,20}$", required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    territory = params.IntegerField()
    confirm_not_duplicate = serializers.BooleanField(required=False, default=False)


class PersonPatchInput(PersonInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class IseeOutput(serializers.ModelSerializer[IseeAttestation]):
    kind = IseeKindField()
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = IseeAttestation
        fields = [
            "id",
            "kind",
            "isee",
            "ise",
            "isr",
            "isp",
            "equivalence_scale",
            "dsu_protocol",
            "issued_on",
            "expires_on",
            "is_expired",
        ]


class IseeInput(serializers.Serializer[Any]):
    kind = IseeKindField()
    isee = serializers.DecimalField(max_digits=12, decimal_places=2)
    ise = serializers.DecimalField(max_digits=12, decimal_places=2)
    isr = serializers.DecimalField(max_digits=12, decimal_places=2)
    isp = serializers.DecimalField(max_digits=12, decimal_places=2)
    equivalence_scale = serializers.DecimalField(max_digits=5, decimal_places=2)
    dsu_protocol = serializers.CharField(max_length=30, help_text="INPS-ISEE-YYYY-NNNNNNNNN-NN")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()


class MemberOutput(serializers.ModelSerializer[HouseholdMember]):
    person = PersonOutput()

    class Meta:
        model = HouseholdMember
        fields = ["id", "person", "relationship", "start_date", "end_date"]


class HouseholdOutput(serializers.ModelSerializer[Household]):
    """A household as the caller may see it: a confidential address reads “Indirizzo riservato”
    for a caller without the sensitive-data permission."""

    territory = serializers.CharField(source="territory.name")
    territory_id = params.IntegerField()
    address = serializers.SerializerMethodField(
        help_text="The address; “Indirizzo riservato” when it is confidential and the caller may not see it."
    )

    def get_address(self, household: Household) -> str:
        return address_view_in(self.context).address(household)

    class Meta:
        model = Household
        fields = ["id", "name", "address", "territory_id", "territory", "created_at", "updated_at"]


class HouseholdDetailOutput(HouseholdOutput):
    members = MemberOutput(source="memberships", many=True)
    isee_attestations = IseeOutput(many=True)
    latest_valid_isee = serializers.SerializerMethodField()

    class Meta(HouseholdOutput.Meta):
        fields = [*HouseholdOutput.Meta.fields, "members", "isee_attestations", "latest_valid_isee"]

    def get_latest_valid_isee(self, household: Household) -> dict[str, Any] | None:
        latest = self.context.get("latest_isee")
        return IseeOutput(latest).data if latest else None


class MemberInput(serializers.Serializer[Any]):
    person = params.IntegerField()
    relationship = serializers.ChoiceField(choices=HouseholdMember.Relationship.choices)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class HouseholdInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    territory = params.IntegerField()
    members = MemberInput(many=True, required=False, default=list)


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    kind = ReferralKindField()

    class Meta:
        model = Referral
        fields = ["kind", "to"]


class ConsultationOutput(serializers.ModelSerializer[Consultation]):
    referrals = ReferralSerializer(many=True)
    sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True, help_text="Empty: not stated.")
    operator = serializers.CharField(source="operator.username")

    class Meta:
        model = Consultation
        fields = [
            "id",
            "held_on",
            "territory_id",
            "person_id",
            "age_band",
            "sex",
            "topic",
            "advice",
            "referrals",
            "follow_up_on",
            "follow_up_done",
            "operator",
        ]


class ConsultationInput(serializers.Serializer[Any]):
    territory = params.IntegerField()
    topic = serializers.ChoiceField(choices=Consultation.Topic.choices)
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    person = params.IntegerField(required=False, allow_null=True, default=None)
    age_band = serializers.ChoiceField(
        choices=Consultation.AgeBand.choices, required=False, allow_blank=True, default=""
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    advice = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    referrals = ReferralSerializer(many=True, required=False, default=list)
