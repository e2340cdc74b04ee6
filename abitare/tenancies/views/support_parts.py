"""What the support-plan and mediation pages share: their breadcrumbs and meeting rows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.registry.models import Person
from abitare.tenancies.models.support import Meeting


def plans_crumb() -> tuple[str, str]:
    return _("Support plans"), reverse("tenancies:support-plan-list")


def cases_crumb() -> tuple[str, str]:
    return _("Mediation cases"), reverse("tenancies:mediation-list")


def meeting_rows(meetings: list[Meeting], notes: dict[int, list[Any]] | None) -> list[tuple[Meeting, Any]]:
    """Each meeting with its notes, or with ``None`` when the member may not read notes."""
    return [(meeting, None if notes is None else notes.get(meeting.pk, [])) for meeting in meetings]


def household_people(household_ids: Any) -> Any:
    return (
        Person.objects.filter(household_memberships__household_id__in=household_ids)
        .distinct()
        .order_by("last_name", "first_name")
    )
