"""The assessment's figures: households per quadrant (operators, coordinators) and territories
without an assessment instrument (administrators)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.assessments import selectors
from abitare.assessments.models import quadrant_label
from abitare.core.figures import Figure, Part


def quadrant_figures(request: Any) -> Iterable[Figure]:
    counts, trend = selectors.households_by_quadrant(actor=membership_of(request), today=timezone.localdate())
    url = reverse("assessments:plane")
    yield Figure(
        key="assessments.quadrants",
        label=_("Households per quadrant"),
        value=sum(counts.values()),
        url=url,
        order=20,
        detail=_("Latest assessment of each household; trend: assessments recorded"),
        trend=trend,
        parts=tuple(Part(quadrant_label(code), count, url) for code, count in counts.items()),
    )


def configuration_figures(request: Any) -> Iterable[Figure]:
    missing = selectors.territories_without_instrument(actor=membership_of(request), today=timezone.localdate())
    yield Figure(
        key="assessments.without_instrument",
        label=_("Territories without an assessment instrument"),
        value=len(missing),
        url=reverse("assessments:instrument-list"),
        order=120,
        detail=", ".join(missing[:5]),
        severity="danger" if missing else "info",
    )
