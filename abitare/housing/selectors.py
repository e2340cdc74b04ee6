"""Reads of the housing stock, scoped to the actor's organisation and territory."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import scope
from abitare.core import params
from abitare.core.figures import Trend, territories_uncovered, trend_of
from abitare.housing.models import (
    Agreement,
    AgreementZone,
    Building,
    CommonSpace,
    Owner,
    OwnerAgreement,
    Unit,
    UnitStateChange,
)

VACANT_STATES = (Unit.State.AVAILABLE, Unit.State.TO_RENOVATE, Unit.State.VACATING)


@dataclass(frozen=True)
class StockFilters:
    state: str = ""
    territory_id: int | None = None
    owner_kind: str = ""
    pathway: str = ""
    step_free: bool = False
    wheelchair: bool = False
    min_rooms: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> StockFilters:
        return cls(
            state=query.get("state", "") if query.get("state", "") in Unit.State.values else "",
            territory_id=params.query_id(query, "territory"),
            owner_kind=query.get("owner_kind", "") if query.get("owner_kind", "") in Building.OwnerKind.values else "",
            pathway=(query.get("pathway") or "").strip(),
            step_free=query.get("step_free") == "on",
            wheelchair=query.get("wheelchair") == "on",
            min_rooms=params.query_int(query, "min_rooms", minimum=0, maximum=100),
        )


def building_list(*, actor: Membership | None, include_retired: bool = False) -> QuerySet[Building]:
    buildings = scope(Building.objects.all(), actor).select_related("territory", "owner")
    return buildings if include_retired else buildings.filter(retired_on__isnull=True)


def building_get(*, actor: Membership | None, pk: int) -> Building | None:
    return building_list(actor=actor, include_retired=True).filter(pk=pk).first()


def owner_list(*, actor: Membership | None) -> QuerySet[Owner]:
    """Private owners of the actor's organisation in their territory, with their agreements."""
    return scope(Owner.objects.all(), actor).select_related("territory").prefetch_related("agreements")


def owner_get(*, actor: Membership | None, pk: int) -> Owner | None:
    return owner_list(actor=actor).filter(pk=pk).first()


def owner_agreement_get(*, actor: Membership | None, pk: int) -> OwnerAgreement | None:
    owners = owner_list(actor=actor)
    return OwnerAgreement.objects.filter(owner__in=owners, pk=pk).select_related("owner__territory").first()


def common_space_get(*, actor: Membership | None, pk: int) -> CommonSpace | None:
    buildings = building_list(actor=actor)
    return CommonSpace.objects.filter(building__in=buildings, pk=pk).select_related("building__territory").first()


def agreement_zone_list(*, actor: Membership | None) -> QuerySet[AgreementZone]:
    """Zones of the agreed-rent agreements of the actor's territory, the ones above it and below it."""
    if actor is None:
        return AgreementZone.objects.none()
    return AgreementZone.objects.filter(
        Q(agreement__territory__path__startswith=actor.territory.path)
        | Q(agreement__territory__path__in=actor.territory.ancestor_paths())
    ).select_related("agreement")


def unit_list(
    *, actor: Membership | None, filters: StockFilters | None = None, include_retired: bool = False
) -> QuerySet[Unit]:
    """The units of the actor's scope; retired ones only when asked for (or filtered by that state)."""
    units = scope(
        Unit.objects.all(),
        actor,
        organisation_field="building__organisation",
        territory_field="building__territory",
    ).select_related("building", "building__territory")
    filters = filters or StockFilters()
    if filters.state:
        units = units.filter(state=filters.state)
    elif not include_retired:
        units = units.exclude(state=Unit.State.RETIRED)
    if filters.territory_id:
        units = units.filter(building__territory_id=filters.territory_id)
    if filters.owner_kind:
        units = units.filter(building__owner_kind=filters.owner_kind)
    if filters.pathway:
        units = units.filter(earmarked_pathway=filters.pathway)
    if filters.step_free:
        units = units.filter(step_free=True)
    if filters.wheelchair:
        units = units.filter(wheelchair_accessible=True)
    if filters.min_rooms:
        units = units.filter(rooms__gte=filters.min_rooms)
    return units


def unit_counts_by_state(*, units: QuerySet[Unit]) -> dict[str, int]:
    counts = dict(units.order_by().values_list("state").annotate(n=Count("id")))
    return {state: counts.get(state, 0) for state in Unit.State.values}


def vacancy_list(*, actor: Membership | None) -> QuerySet[Unit]:
    """The flats the agency is looking to fill or fix: available, to renovate, vacating."""
    return unit_list(actor=actor).filter(state__in=VACANT_STATES).order_by("state", "building__name")


def unit_get(*, actor: Membership | None, pk: int) -> Unit | None:
    return (
        unit_list(actor=actor, include_retired=True)
        .select_related("agreed_rent_zone__agreement")
        .prefetch_related("state_changes__changed_by", "agreed_rent_zone__bands")
        .filter(pk=pk)
        .first()
    )


def buildings_with_counts(*, actor: Membership | None, include_retired: bool = False) -> QuerySet[Building]:
    return building_list(actor=actor, include_retired=include_retired).annotate(
        units_total=Count("units"), units_vacant=Count("units", filter=Q(units__state__in=VACANT_STATES))
    )


# Dashboard figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vacancies:
    by_state: dict[str, int]
    average_days: int
    longest_days: int
    trend: Trend

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def vacancies_with_days(*, actor: Membership | None, today: datetime.date) -> Vacancies:
    """Vacant flats per state and how long they have been vacant: since the last move from a
    let state (occupied, offered) to a vacant one, or since the flat was entered; the trend
    counts flats that became vacant."""
    became_vacant = (
        UnitStateChange.objects.filter(unit=OuterRef("pk"), to_state__in=VACANT_STATES)
        .exclude(from_state__in=VACANT_STATES)
        .order_by()
        .values("unit")
        .annotate(last=Max("changed_at"))
        .values("last")
    )
    rows = (
        unit_list(actor=actor)
        .filter(state__in=VACANT_STATES)
        .annotate(since=Coalesce(Subquery(became_vacant), "created_at"))
        .order_by()
        .values_list("state", "since")
    )
    by_state: dict[str, int] = {str(state): 0 for state in VACANT_STATES}
    days = []
    for state, since in rows:
        by_state[state] += 1
        days.append(max((today - timezone.localdate(since)).days, 0))
    moves = UnitStateChange.objects.filter(unit__in=unit_list(actor=actor).values("pk"), to_state__in=VACANT_STATES)
    trend = trend_of(moves.exclude(from_state__in=VACANT_STATES), entered="changed_at__date", today=today)
    average = round(sum(days) / len(days)) if days else 0
    return Vacancies(by_state, average, max(days, default=0), trend)


def territories_without_agreement(*, actor: Membership | None, today: datetime.date) -> list[str]:
    """The municipalities and neighbourhoods of the membership with no local rent agreement in force."""
    if actor is None:
        return []
    territories = Territory.objects.filter(path__startswith=actor.territory.path).exclude(kind=Territory.Kind.DISTRICT)
    return territories_uncovered(territories.values_list("name", "path"), Agreement.objects.all(), today=today)
