from __future__ import annotations

from typing import Any

from rest_framework import serializers

from abitare.accounts.models import HousingDesk, Membership, Organisation, Role, Territory, User
from abitare.core import params
from abitare.core.models import AccessLogEntry


class TerritoryOutput(serializers.ModelSerializer[Territory]):
    class Meta:
        model = Territory
        fields = ["id", "name", "kind", "parent", "istat_code"]


class OrganisationOutput(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "territories"]


class MembershipOutput(serializers.ModelSerializer[Membership]):
    organisation = serializers.CharField(source="organisation.name")
    territory = serializers.CharField(source="territory.name")

    class Meta:
        model = Membership
        fields = ["id", "organisation", "territory", "role", "sensitive_data"]


class MeOutput(serializers.ModelSerializer[User]):
    memberships = MembershipOutput(many=True)
    current_membership = params.IntegerField(allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "memberships", "current_membership"]


class AccessLogEntryOutput(serializers.ModelSerializer[AccessLogEntry]):
    record_type_label = serializers.CharField(read_only=True, help_text="The record type's name, e.g. Persona.")

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "created_at",
            "username",
            "organisation_name",
            "role",
            "record_type",
            "record_type_label",
            "record_id",
            "record_label",
            "channel",
            "path",
            "method",
        ]


class MembershipUpdateInput(serializers.Serializer[Any]):
    territory = params.IdRelatedField(queryset=Territory.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    sensitive_data = serializers.BooleanField(default=False)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class MembershipInput(MembershipUpdateInput):
    organisation = params.IdRelatedField(queryset=Organisation.objects.all())


class MembershipCreateInput(MembershipInput):
    user = params.IdRelatedField(queryset=User.objects.all())


class InviteInput(MembershipInput):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)


class MembershipDetailOutput(serializers.ModelSerializer[Membership]):
    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "organisation",
            "territory",
            "role",
            "sensitive_data",
            "start_date",
            "end_date",
            "is_active",
        ]


class AccountOutput(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "is_active", "must_change_password"]


class TerritoryInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Territory.Kind.choices)
    # DRF takes declared fields off the class, so this does not hide ``Field.parent``.
    parent = params.IdRelatedField(  # type: ignore[assignment]
        queryset=Territory.objects.all(), allow_null=True
    )
    istat_code = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")


class TerritoryUpdateInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    istat_code = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")


class OrganisationInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    territories = params.IdRelatedField(queryset=Territory.objects.all(), many=True)
    tax_code = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")


class OrganisationDetailOutput(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "territories", "tax_code", "email", "phone", "address", "website"]


class HousingDeskInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    address = serializers.CharField(max_length=200)
    opening_hours = serializers.CharField()
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    what_to_bring = serializers.CharField(required=False, allow_blank=True, default="")


class HousingDeskOutput(serializers.ModelSerializer[HousingDesk]):
    class Meta:
        model = HousingDesk
        fields = ["id", "territory", "name", "address", "opening_hours", "phone", "email", "what_to_bring"]


class MunicipalityOutput(serializers.Serializer[Any]):
    istat_code = serializers.CharField()
    name = serializers.CharField()
    province_code = serializers.CharField()
    province = serializers.CharField()
    region = serializers.CharField()
