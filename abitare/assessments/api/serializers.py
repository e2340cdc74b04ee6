"""Explicit input and output shapes of the assessment API; rules stay in the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from abitare.assessments.models import (
    PATHWAY_CHOICES,
    QUADRANT_CHOICES,
    Assessment,
    AssessmentScore,
    Domain,
    DomainLevel,
    Instrument,
)
from abitare.core import params


def _code(choices: Any, what: str) -> serializers.CharField:
    """A read-only code written as plain text in the schema: the same choice set under several
    field names (or a "status" as in other modules) would otherwise collide in the enum names."""
    return serializers.CharField(read_only=True, help_text=f"{what}: {', '.join(value for value, _l in choices)}.")


class DomainLevelOutput(serializers.ModelSerializer[DomainLevel]):
    class Meta:
        model = DomainLevel
        fields = ["level", "anchor_it", "anchor_en"]


class DomainOutput(serializers.ModelSerializer[Domain]):
    levels = DomainLevelOutput(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "axis", "weight", "order", "name_it", "name_en", "description_it", "description_en", "levels"]


class InstrumentOutput(serializers.ModelSerializer[Instrument]):
    status = _code(Instrument.Status.choices, "Status")

    class Meta:
        model = Instrument
        fields = ["id", "name", "version", "territory", "valid_from", "status", "source", "derived_from"]


class InstrumentDetailOutput(InstrumentOutput):
    domains = DomainOutput(many=True, read_only=True)

    class Meta(InstrumentOutput.Meta):
        fields = [*InstrumentOutput.Meta.fields, "domains"]


class AssessmentScoreOutput(serializers.ModelSerializer[AssessmentScore]):
    domain: serializers.SlugRelatedField[Domain] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AssessmentScore
        fields = ["domain", "score", "evidence"]


class AssessmentOutput(serializers.ModelSerializer[Assessment]):
    scores = AssessmentScoreOutput(many=True, read_only=True)
    quadrant = _code(QUADRANT_CHOICES, "Quadrant")
    previous_quadrant = _code(QUADRANT_CHOICES, "Quadrant of the previous assessment, empty for the first")
    recommended_pathway = _code(PATHWAY_CHOICES, "Pathway")
    chosen_pathway = _code(PATHWAY_CHOICES, "Pathway")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "household",
            "instrument",
            "assessor",
            "assessed_on",
            "resources_score",
            "potential_score",
            "quadrant",
            "recommended_pathway",
            "chosen_pathway",
            "override_reason",
            "dopo_di_noi_requested",
            "next_due_on",
            "previous_quadrant",
            "is_latest",
            "organisation",
            "territory",
            "scores",
        ]


class AssessmentInput(serializers.Serializer[dict[str, Any]]):
    household = params.IntegerField()
    assessed_on = serializers.DateField()
    scores = serializers.DictField(
        child=params.IntegerField(), help_text="Domain code -> level 1-5; every domain of the instrument."
    )
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, help_text="Domain code -> evidence note."
    )
    chosen_pathway = serializers.CharField(
        required=False, allow_blank=True, help_text="A pathway code; empty for the recommended pathway."
    )
    override_reason = serializers.CharField(required=False, allow_blank=True)
    dopo_di_noi_requested = serializers.BooleanField(required=False, default=False)


class PlaneStepOutput(serializers.Serializer[Any]):
    assessment = params.IntegerField(source="assessment_id")
    assessed_on = serializers.DateField()
    resources = serializers.DecimalField(max_digits=5, decimal_places=2)
    potential = serializers.DecimalField(max_digits=5, decimal_places=2)
    quadrant = serializers.CharField()
    pathway = serializers.CharField()


class PlaneHouseholdOutput(serializers.Serializer[Any]):
    household = params.IntegerField(source="household_id")
    territory = params.IntegerField(source="territory_id")
    url = serializers.CharField()
    steps = PlaneStepOutput(many=True)


class PlaneThresholdsOutput(serializers.Serializer[Any]):
    resources = serializers.DecimalField(max_digits=5, decimal_places=2)
    potential = serializers.DecimalField(max_digits=5, decimal_places=2)


class PlaneOutput(serializers.Serializer[Any]):
    thresholds = PlaneThresholdsOutput()
    households = PlaneHouseholdOutput(many=True)
