from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.matching.models import Application, Proposal, Round, Rule, RuleSet


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
    household = serializers.IntegerField()
    pathway = serializers.ChoiceField(choices=PATHWAY_CHOICES)
    occupants = serializers.IntegerField(min_value=1, max_value=20)
    monthly_income = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    needs_step_free = serializers.BooleanField(default=False)
    needs_wheelchair = serializers.BooleanField(default=False)
    wants_group_living = serializers.BooleanField(default=False)
    residence_or_work = serializers.BooleanField(default=False)
    owns_suitable_property = serializers.BooleanField(default=False)
    eviction_notice = serializers.BooleanField(default=False)
    overcrowding = serializers.BooleanField(default=False)
    preferred = serializers.ListField(child=serializers.IntegerField(), default=list)
    excluded = serializers.ListField(child=serializers.IntegerField(), default=list)


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
        fields = ["id", "territory", "started_by", "status", "message", "created_at", "finished_at"]


class ReportFiguresOutput(serializers.Serializer[Any]):
    households_housed = serializers.IntegerField()
    priority_weighted_total = serializers.FloatField()
    priority_total = serializers.FloatField()
    accessibility_needs = serializers.IntegerField()
    preferences_met = serializers.IntegerField()
    first_preference_met = serializers.IntegerField()
    violations = serializers.IntegerField()
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
    at_limit = serializers.ListField(child=serializers.CharField(), source="explanation.at_limit")

    class Meta:
        model = Proposal
        fields = [
            "id", "round", "application", "unit", "priority", "preference_rank", "preference_bonus", "weight",
            "at_limit", "status", "reason", "reviewed_by", "reviewed_at",
        ]  # fmt: skip


class ProposalRejectInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000, allow_blank=True)
