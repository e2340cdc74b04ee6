"""What the assessment module adds to a person's data-subject rights (registered in ready()):
the household's assessments in the export, and blanking their free text on erasure."""

from __future__ import annotations

from typing import Any

from abitare.accounts.models import Membership
from abitare.assessments.models import Assessment, AssessmentScore
from abitare.registry.models import Person
from abitare.registry.services.releases import ExportContext

ERASED_REASON = "[erased at the data subject's request]"


def export_assessments(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """The assessments of the person's households made while the person was a member. The evidence
    and the reason for another pathway speak of the whole household: household-level notes."""
    assessments = (
        Assessment.objects.filter(context.dated("household_id", "assessed_on"))
        .prefetch_related("scores__domain")
        .order_by("household_id", "assessed_on", "id")
    )
    return "assessments", [
        {
            "household": assessment.household_id,
            "assessed_on": assessment.assessed_on.isoformat(),
            "resources": str(assessment.resources_score),
            "potential": str(assessment.potential_score),
            "quadrant": assessment.quadrant,
            "recommended_pathway": assessment.recommended_pathway,
            "chosen_pathway": assessment.chosen_pathway,
            "override_reason": context.note(assessment, "override_reason"),
            "scores": [
                {"domain": score.domain.code, "score": score.score, "evidence": context.note(score, "evidence")}
                for score in assessment.scores.all()
            ],
        }
        for assessment in assessments
    ]


def erase_assessment_text(household_ids: list[int]) -> None:
    """Households left without members keep their scores (statistics) but lose every free text."""
    if not household_ids:
        return
    assessment_ids = list(Assessment.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    # The reason for another pathway must not be empty (database constraint): it is replaced.
    erased = ERASED_REASON
    Assessment.objects.filter(id__in=assessment_ids).exclude(override_reason="").update(override_reason=erased)
    Assessment.history.model.objects.filter(id__in=assessment_ids).exclude(override_reason="").update(
        override_reason=erased
    )
    AssessmentScore.objects.filter(assessment_id__in=assessment_ids).update(evidence="")
    AssessmentScore.history.model.objects.filter(assessment_id__in=assessment_ids).update(evidence="")
