"""Work-list items of the assessment: re-assessments due (or overdue) and pathway changes to propose."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.assessments.models import quadrant_label
from abitare.assessments.selectors import proposals_open, reassessments_due
from abitare.core.extensions import WorkItem

# Enough to act on today; the plane and the histories show the rest.
LIMIT = 50


def worklist_items(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    today = timezone.localdate()
    for assessment in reassessments_due(actor=membership, today=today)[:LIMIT]:
        overdue = assessment.next_due_on < today
        yield WorkItem(
            kind="assessment_due",
            title=_("Re-assess %(household)s") % {"household": assessment.household},
            url=reverse("assessments:assessment-create", args=[assessment.household_id]),
            due=assessment.next_due_on,
            detail=_("Re-assessment overdue") if overdue else _("Re-assessment due"),
            severity="danger" if overdue else "warning",
        )
    for proposal in proposals_open(actor=membership)[:LIMIT]:
        yield WorkItem(
            kind="pathway_change",
            title=_("Propose a pathway change to %(household)s") % {"household": proposal.household},
            url=reverse("assessments:assessment-detail", args=[proposal.assessment_id]),
            due=proposal.assessment.assessed_on,
            detail=_("Moved from %(before)s to %(after)s")
            % {"before": quadrant_label(proposal.from_quadrant), "after": quadrant_label(proposal.to_quadrant)},
            severity="warning",
        )
