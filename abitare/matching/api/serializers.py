from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core import params
from abitare.matching.models import Application, Proposal, Round, Rule, RuleSet, SharingAgreement
from abitare.matching.selectors import HouseholdShown, proposal_household
from abitare.registry.permissions import address_view_in


class ApplicationOutput(serializers.ModelSerializer[Application]):
    class Meta:
        model = Application
        fields = [
            "id", "household", "territory", "pathway", "submitted_on", "status", "occupants",
            "needs_step_free", "needs_wheelchair", "wants_group_living", "eligible", "score", "evaluated_at",
        ]  # fmt: skip


class ScorePartOutput(serializers.Serializer[Any]):
    rule = serializers.CharField(source="label")
    points = serializers.DecimalField(max_digits=8, decimal_places=2)


class ApplicationDetailOutput(ApplicationOutput):
    score_parts = ScorePartOutput(many=True)
    failed_rules = serializers.ListField(child=serializers.CharField())

    class Meta(ApplicationOutput.Meta):
        fields = [*ApplicationOutput.Meta.fields, "score_parts", "failed_rules"]


class ApplicationInput(serializers.Serializer[Any]):
    household = params.IntegerField()
    pathway = serializers.ChoiceField(choices=PATHWAY_CHOICES)
    occupants = params.IntegerField(min_value=1, max_value=20)
    monthly_income = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    needs_step_free = serializers.BooleanField(default=False)
    needs_wheelchair = serializers.BooleanField(default=False)
    wants_group_living = serializers.BooleanField(default=False)
    residence_or_work = serializers.BooleanField(default=False)
    owns_suitable_property = serializers.BooleanField(default=False)
    eviction_notice = serializers.BooleanField(default=False)
    overcrowding = serializers.BooleanField(default=False)
    preferred = serializers.ListField(child=params.IntegerField(), default=list)
    excluded = serializers.ListField(child=params.IntegerField(), default=list)


class RuleOutput(serializers.ModelSerializer[Rule]):
    class Meta:
        model = Rule
        fields = ["code", "label", "fact", "operator", "threshold", "points", "per_unit", "cap"]


class RuleSetOutput(serializers.ModelSerializer[RuleSet]):
    rules = RuleOutput(many=True)

    class Meta:
        model = RuleSet
        fields = [
            "id",
            "territory",
            "kind",
            "name",
            "pathway",
            "valid_from",
            "valid_to",
            "source",
            "confidence",
            "rules",
        ]


class RoundOutput(serializers.ModelSerializer[Round]):
    class Meta:
        model = Round
        fields = [
            "id", "organisation", "territory", "started_by", "status", "message", "created_at", "finished_at",
            "agreement", "partner", "partner_territory",
        ]  # fmt: skip


class ReportFiguresOutput(serializers.Serializer[Any]):
    households_housed = params.IntegerField()
    priority_weighted_total = serializers.FloatField()
    priority_total = serializers.FloatField()
    accessibility_needs = params.IntegerField()
    preferences_met = params.IntegerField()
    first_preference_met = params.IntegerField()
    violations = params.IntegerField()
    mixite_respected = serializers.BooleanField()


class RoundReportOutput(serializers.Serializer[Any]):
    engine = ReportFiguresOutput()
    baseline = ReportFiguresOutput()


class EngineSummaryOutput(serializers.Serializer[Any]):
    objective = serializers.FloatField()
    upper_bound = serializers.FloatField()
    gap = serializers.FloatField()
    status = serializers.CharField()
    method = serializers.CharField()


class RoundDetailOutput(RoundOutput):
    report = RoundReportOutput(source="result.report", required=False, allow_null=True)
    engine = EngineSummaryOutput(source="result.engine", required=False, allow_null=True)

    class Meta(RoundOutput.Meta):
        fields = [*RoundOutput.Meta.fields, "report", "engine"]


class ProposalOutput(serializers.ModelSerializer[Proposal]):
    """A proposal as the caller may see it: in a joint round the other side's household is only a
    pseudonym (``household``), with no application id. Needs ``membership`` in the context."""

    application = serializers.SerializerMethodField(help_text="Null for the partner's households in a joint round.")
    household = serializers.SerializerMethodField(help_text="The household's name, or its pseudonym in this round.")
    held_by = serializers.SerializerMethodField(help_text="The organisation holding the application (joint rounds).")
    at_limit = serializers.ListField(child=serializers.CharField(), source="explanation.at_limit")
    unit = serializers.SerializerMethodField(
        help_text="The unit; null when the household's address is confidential and the caller may not see it."
    )

    class Meta:
        model = Proposal
        fields = [
            "id", "round", "application", "household", "held_by", "unit", "priority", "preference_rank",
            "preference_bonus", "weight", "at_limit", "status", "reason", "reviewed_by", "reviewed_at",
        ]  # fmt: skip

    def _shown(self, proposal: Proposal) -> HouseholdShown:
        cache: dict[int, HouseholdShown] = self.__dict__.setdefault("_households", {})
        if proposal.pk not in cache:
            cache[proposal.pk] = proposal_household(actor=self.context["membership"], proposal=proposal)
        return cache[proposal.pk]

    def get_application(self, proposal: Proposal) -> int | None:
        return self._shown(proposal).application_id

    def get_household(self, proposal: Proposal) -> str:
        return self._shown(proposal).label

    def get_held_by(self, proposal: Proposal) -> str:
        return self._shown(proposal).held_by

    def get_unit(self, proposal: Proposal) -> int | None:
        return address_view_in(self.context).place_id(proposal.application.household_id, proposal.unit_id)


class RefusalOutput(serializers.Serializer[Any]):
    household = serializers.CharField()
    priority = serializers.FloatField()
    reason = serializers.CharField()
    detail = serializers.CharField()


class ProposalDetailOutput(ProposalOutput):
    """With the explanation: score by rule (sensitive parts summed for the partner's households),
    the constraints at their limit in words, and why households of higher priority did not get the
    unit (pseudonymised the same way)."""

    occupants = params.IntegerField(source="application.occupants")
    needs_step_free = serializers.SerializerMethodField()
    score_parts = ScorePartOutput(many=True)
    limits = serializers.ListField(child=serializers.CharField())
    refusals = RefusalOutput(many=True)

    class Meta(ProposalOutput.Meta):
        fields = [*ProposalOutput.Meta.fields, "occupants", "needs_step_free", "score_parts", "limits", "refusals"]

    def get_needs_step_free(self, proposal: Proposal) -> bool:
        return bool(proposal.application.needs_step_free or proposal.application.needs_wheelchair)


class ProposalRejectInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000, allow_blank=True)


class AgreementOutput(serializers.ModelSerializer[SharingAgreement]):
    class Meta:
        model = SharingAgreement
        fields = [
            "id", "title", "organisation", "territory", "partner", "partner_territory", "signed_on", "valid_from",
            "valid_to", "act_reference", "status", "recorded_by", "created_at", "confirmed_by", "confirmed_at",
            "ended_by", "ended_at", "end_reason",
        ]  # fmt: skip


class AgreementInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    partner = params.IntegerField()
    partner_territory = params.IntegerField()
    signed_on = serializers.DateField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    act_reference = serializers.CharField(max_length=250)


class AgreementEndInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000, allow_blank=True)


class RoundStartInput(serializers.Serializer[Any]):
    agreement = params.IntegerField(
        required=False, allow_null=True, default=None, help_text="A sharing agreement in force: a joint round."
    )
