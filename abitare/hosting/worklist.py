"""The hosting network's items on the work list: open emergency requests, placements ending soon."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.hosting import selectors
from abitare.hosting.models import EmergencyRequest


def open_requests(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    today = timezone.localdate()
    for item in selectors.request_list(actor=membership, status=EmergencyRequest.Status.OPEN)[:50]:
        immediate = item.urgency == EmergencyRequest.Urgency.IMMEDIATE
        yield WorkItem(
            kind="hosting.request_open",
            title=_("Emergency hosting request: %(who)s") % {"who": item},
            url=reverse("hosting:request-detail", args=[item.pk]),
            due=item.wanted_from,
            detail=item.get_urgency_display(),
            severity="danger" if immediate or item.wanted_from <= today else "warning",
        )


def placements_ending(request: Any) -> Iterable[WorkItem]:
    membership = membership_of(request)
    today = timezone.localdate()
    for placement in selectors.placements_ending(actor=membership)[:50]:
        yield WorkItem(
            kind="hosting.placement_ending",
            title=_("Placement ending: %(placement)s") % {"placement": placement},
            url=reverse("hosting:request-detail", args=[placement.request_id]),
            due=placement.planned_end,
            detail=_("Planned end"),
            severity="danger" if placement.planned_end < today else "info",
        )
