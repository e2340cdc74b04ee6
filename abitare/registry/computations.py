"""Figures of the people module for dashboards, indicators and neighbourhood profiles."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.core.computations import Breakdown, Computation, Query, Result, Unit, count_by, total
from abitare.registry.models import Consultation, Household

M = TypeVar("M", Household, Consultation)


def _in_scope(queryset: QuerySet[M], query: Query) -> QuerySet[M]:
    queryset = queryset.filter(territory__path__startswith=query.territory_path)
    if query.organisation_id is not None:
        queryset = queryset.filter(organisation_id=query.organisation_id)
    return queryset


def households_known(query: Query) -> Result:
    """Households on record at the end of the period (registered on or before its last day)."""
    households = _in_scope(Household.objects.all(), query).filter(created_at__date__lte=query.end)
    if query.breakdown == Breakdown.TERRITORY:
        return count_by(households, "territory__name")
    return total(households.count())


def consultations_held(query: Query) -> Result:
    """Desk consultations held in the period; by the visitor's sex (copied from a known person's
    record, or recorded for an anonymous visitor) or by territory."""
    held = _in_scope(Consultation.objects.all(), query).filter(held_on__range=(query.start, query.end))
    if query.breakdown == Breakdown.SEX:
        return count_by(held, "sex")
    if query.breakdown == Breakdown.TERRITORY:
        return count_by(held, "territory__name")
    return total(held.count())


COMPUTATIONS = (
    Computation(
        key="registry.households_known",
        label=_("Households known"),
        unit=Unit.HOUSEHOLDS,
        version=1,
        compute=households_known,
        description=_("Households on record at the end of the period."),
        breakdowns=frozenset({Breakdown.TERRITORY}),
    ),
    Computation(
        key="registry.consultations_held",
        label=_("Desk consultations"),
        unit=Unit.COUNT,
        version=1,
        compute=consultations_held,
        description=_("Consultations held at the desk in the period, known and anonymous visitors."),
        breakdowns=frozenset({Breakdown.SEX, Breakdown.TERRITORY}),
    ),
)
