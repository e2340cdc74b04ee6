"""The registry's items on the operator's work list: consents about to expire, consultation follow-ups."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.core.extensions import WorkItem
from abitare.registry import selectors
from abitare.registry.permissions import membership_of

CONSENT_HORIZON_DAYS = 30


def consents_expiring(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    for consent in selectors.consent_expiring(actor=membership, within_days=CONSENT_HORIZON_DAYS)[:50]:
        yield WorkItem(
            kind="registry.consent_expiring",
            title=_("Consent about to expire: %(person)s") % {"person": consent.person},
            url=reverse("registry:person-detail", args=[consent.person_id]),
            due=consent.valid_until,
            detail=consent.get_purpose_display(),
            severity="warning",
        )


def consultation_follow_ups(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    today = timezone.localdate()
    for consultation in selectors.consultation_follow_ups_due(actor=membership, operator=request.user)[:50]:
        due: datetime.date = consultation.follow_up_on  # type: ignore[assignment]
        who = consultation.person or _("anonymous visitor")
        yield WorkItem(
            kind="registry.consultation_follow_up",
            title=_("Follow-up of the consultation with %(who)s") % {"who": who},
            url=reverse("registry:consultation-detail", args=[consultation.pk]),
            due=due,
            detail=consultation.get_topic_display(),
            severity="danger" if due < today else "info",
        )


def export_releases_waiting(request: Any) -> Iterable[WorkItem]:
    """For the data protection officer: exports that withheld household records."""
    waiting = selectors.export_release_list(actor=membership_of(request)).filter(status="pending")
    for release in waiting[:50]:
        yield WorkItem(
            kind="registry.export_release",
            title=_("Household records withheld from the export of %(person)s") % {"person": release.person},
            url=reverse("registry:export-release-detail", args=[release.pk]),
            due=timezone.localdate(release.created_at),
            detail=_("Decide which are about the person"),
            severity="warning",
        )
