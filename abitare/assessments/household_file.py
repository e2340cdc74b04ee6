"""The assessments' part of the household's file: the latest quadrant and pathway, the history,
and "New assessment"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.assessments import selectors
from abitare.core.extensions import FileAction, FileEvent, FileSection

SHOWN = 5


def household_section(request: Any, household: Any) -> FileSection:
    assessments = list(selectors.assessment_list(actor=actor_of(request), household_id=household.pk)[:SHOWN])
    latest = assessments[0] if assessments else None
    summary = ""
    if latest is not None:
        summary = _("%(quadrant)s: %(pathway)s, next assessment by %(due)s") % {
            "quadrant": latest.get_quadrant_display(),
            "pathway": latest.get_chosen_pathway_display(),
            "due": date_format(latest.next_due_on, "DATE_FORMAT"),
        }
    return FileSection(
        key="assessments",
        title=_("Capacity to dwell"),
        order=20,
        summary=summary,
        rows=tuple(
            (
                date_format(assessment.assessed_on, "DATE_FORMAT"),
                assessment.get_quadrant_display(),
                reverse("assessments:assessment-detail", args=[assessment.pk]),
            )
            for assessment in assessments
        ),
        empty=_("Not assessed yet."),
        actions=(FileAction(_("New assessment"), reverse("assessments:assessment-create", args=[household.pk])),),
        events=tuple(
            FileEvent(
                assessment.assessed_on,
                _("Assessment: %(quadrant)s") % {"quadrant": assessment.get_quadrant_display()},
                reverse("assessments:assessment-detail", args=[assessment.pk]),
            )
            for assessment in assessments
        ),
        records=tuple(assessments),
    )
