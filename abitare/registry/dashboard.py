"""The registry's figures on the operators' and coordinators' dashboards: the desk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part, compares_territories
from abitare.registry import selectors


def desk_figures(request: Any) -> Iterable[Figure]:
    actor = membership_of(request)
    today = timezone.localdate()
    url = reverse("registry:consultation-list")
    consultations = selectors.consultations_open_count(actor=actor, today=today)
    compare = compares_territories(actor)
    yield Figure(
        key="registry.consultations_open",
        label=_("Open consultations"),
        value=consultations.value,
        url=url,
        order=10,
        detail=_("Follow-up still to do"),
        trend=consultations.trend,
        territories=selectors.consultations_open_by_territory(actor=actor) if compare else (),
    )
    due = selectors.follow_ups_due_count(actor=actor, today=today)
    yield Figure(
        key="registry.follow_ups_due",
        label=_("Follow-ups due today and overdue"),
        value=due.today + due.overdue,
        url=url,
        order=11,
        trend=due.trend,
        parts=(Part(_("Due today"), due.today, url), Part(_("Overdue"), due.overdue, url)),
        severity="danger" if due.overdue else "info",
    )
