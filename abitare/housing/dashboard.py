"""The housing stock's figures: vacancies and how long they have been vacant (operators,
coordinators), municipalities without a local rent agreement (administrators)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.figures import Figure, Part
from abitare.housing import selectors
from abitare.housing.models import Unit


def vacancy_figures(request: Any) -> Iterable[Figure]:
    vacancies = selectors.vacancies_with_days(actor=membership_of(request), today=timezone.localdate())
    url = reverse("housing:vacancies")
    yield Figure(
        key="housing.vacancies",
        label=_("Vacant flats"),
        value=vacancies.total,
        url=url,
        order=40,
        detail=_("Trend: flats that became vacant"),
        trend=vacancies.trend,
        parts=tuple(Part(Unit.State(state).label, count, url) for state, count in vacancies.by_state.items()),
    )
    yield Figure(
        key="housing.days_vacant",
        label=_("Days vacant, on average"),
        value=vacancies.average_days,
        url=url,
        order=41,
        unit="days",
        detail=_("The longest: %(days)s days") % {"days": vacancies.longest_days},
    )


def configuration_figures(request: Any) -> Iterable[Figure]:
    missing = selectors.territories_without_agreement(actor=membership_of(request), today=timezone.localdate())
    yield Figure(
        key="housing.without_agreement",
        label=_("Municipalities without a local rent agreement"),
        value=len(missing),
        url=reverse("housing:stock"),
        order=122,
        detail=", ".join(missing[:5]),
        severity="warning" if missing else "info",
    )
