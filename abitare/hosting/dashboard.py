"""The hosting network's figure on the operators' and coordinators' dashboards: open requests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part, compares_territories
from abitare.hosting import selectors
from abitare.hosting.models import EmergencyRequest


def hosting_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    counted, urgency = selectors.requests_open_count(actor=actor, today=timezone.localdate())
    url = f"{reverse('hosting:request-list')}?status={EmergencyRequest.Status.OPEN}"
    yield Figure(
        key="hosting.requests_open",
        label=_("Hosting requests open"),
        value=counted.value,
        url=url,
        order=70,
        detail=_("Trend: requests received"),
        trend=counted.trend,
        parts=tuple(Part(EmergencyRequest.Urgency(value).label, count, url) for value, count in urgency.items()),
        territories=selectors.requests_open_by_territory(actor=actor) if compares_territories(actor) else (),
        severity="danger" if urgency.get(EmergencyRequest.Urgency.IMMEDIATE) else "info",
    )
