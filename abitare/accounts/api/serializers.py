from __future__ import annotations

from rest_framework import serializers

from abitare.accounts.models import Membership, Organisation, Territory, User
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
