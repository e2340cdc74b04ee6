"""Reads of tenancies, scoped to the membership; stay and turnover per pathway for impact."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.accounts.permissions import scope
from abitare.core import params
from abitare.registry.permissions import address_view
from abitare.tenancies import contracts
from abitare.tenancies.models import ContractType, LedgerEntry, Tenancy, TenancyExit


@dataclass(frozen=True)
class TenancyFilters:
    status: str = ""
    contract_type: str = ""
    pathway: str = ""
    territory_id: int | None = None
    in_arrears: bool = False
    query: str = ""

    @classmethod
    def from_query(cls, query: Any) -> TenancyFilters:
        status = query.get("status", "")
        contract_type = query.get("contract_type", "")
        return cls(
            status=status if status in Tenancy.Status.values else "",
            contract_type=contract_type if contract_type in ContractType.values else "",
            pathway=(query.get("pathway") or "").strip()[:24],
            territory_id=params.query_id(query, "territory"),
            in_arrears=query.get("in_arrears") == "on",
            query=(query.get("q") or "").strip()[:60],
        )


def with_balance(tenancies: QuerySet[Tenancy]) -> QuerySet[Tenancy]:
    """Annotate ``balance``: a correlated ``SUM(signed_amount)`` per tenancy."""
    total = (
        LedgerEntry.objects.filter(tenancy=OuterRef("pk"))
        .order_by()
        .values("tenancy")
        .annotate(total=Sum("signed_amount"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return tenancies.annotate(
        balance=Coalesce(Subquery(total, output_field=money), Value(Decimal(0)), output_field=money)
    )


def tenancy_list(*, actor: Membership | None, filters: TenancyFilters | None = None) -> QuerySet[Tenancy]:
    tenancies = scope(Tenancy.objects.all(), actor).select_related("unit__building", "household", "territory")
    filters = filters or TenancyFilters()
    if filters.status:
        tenancies = tenancies.filter(status=filters.status)
    if filters.contract_type:
        tenancies = tenancies.filter(contract_type=filters.contract_type)
    if filters.pathway:
        tenancies = tenancies.filter(pathway=filters.pathway)
    if filters.territory_id:
        tenancies = tenancies.filter(territory_id=filters.territory_id)
    if filters.query:
        # Searching by unit or building must not tell where a household with a confidential address lives.
        by_place = address_view(actor).search_filter("household_id")
        tenancies = tenancies.filter(
            Q(reference__icontains=filters.query)
            | Q(household__name__icontains=filters.query)
            | (Q(unit__code__icontains=filters.query) & by_place)
            | (Q(unit__building__name__icontains=filters.query) & by_place)
        )
    tenancies = with_balance(tenancies)
    if filters.in_arrears:
        tenancies = tenancies.filter(balance__gt=0)  # type: ignore[misc]  # the annotation above
    return tenancies


def tenancy_get(*, actor: Membership | None, pk: int) -> Tenancy | None:
    return (
        scope(Tenancy.objects.all(), actor)
        .select_related("unit__building", "household", "territory", "organisation", "allocation", "created_by")
        .filter(pk=pk)
        .first()
    )


def renewals_due(*, actor: Membership | None, on: datetime.date) -> list[tuple[Tenancy, datetime.date]]:
    """Active tenancies whose renewal deadline (end less the type's notice) has come, or whose
    end has passed without renewal or exit; with the deadline."""
    horizon = on + datetime.timedelta(days=31 * 7)
    candidates = scope(Tenancy.objects.all(), actor).filter(
        status=Tenancy.Status.ACTIVE, ends_on__isnull=False, ends_on__lte=horizon
    )
    due = []
    for tenancy in candidates.select_related("unit__building").order_by("ends_on"):
        deadline = contracts.renewal_deadline(tenancy.contract_type, tenancy.ends_on)
        if deadline is not None and deadline <= on + datetime.timedelta(days=30):
            due.append((tenancy, deadline))
    return due


@dataclass(frozen=True)
class PathwayFigures:
    pathway: str
    exits: int
    average_stay_days: Decimal | None
    active_at_start: int
    turnover: Decimal | None  # exits in the period per tenancy active at its start


def stay_and_turnover_by_pathway(
    *,
    organisation: Organisation,
    territory: Territory,
    date_from: datetime.date,
    date_to: datetime.date,
) -> list[PathwayFigures]:
    """For the impact module. Average stay: mean days from start to exit of the tenancies that
    ended between the two dates. Turnover: those exits divided by the tenancies active on
    ``date_from`` (started on or before it and not ended before it), per pathway."""
    tenancies = Tenancy.objects.filter(organisation=organisation, territory__path__startswith=territory.path)
    exits = TenancyExit.objects.filter(
        tenancy__in=tenancies.values("pk"), exited_on__gte=date_from, exited_on__lte=date_to
    ).values_list("tenancy__pathway", "tenancy__starts_on", "exited_on")
    stays: dict[str, list[int]] = {}
    for pathway, starts_on, exited_on in exits:
        stays.setdefault(pathway, []).append((exited_on - starts_on).days)
    active = dict(
        tenancies.filter(starts_on__lte=date_from)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
        .order_by()
        .values_list("pathway")
        .annotate(n=Count("id"))
    )
    figures = []
    for pathway in sorted(set(stays) | set(active)):
        days = stays.get(pathway, [])
        base = active.get(pathway, 0)
        figures.append(
            PathwayFigures(
                pathway=pathway,
                exits=len(days),
                average_stay_days=(Decimal(sum(days)) / len(days)).quantize(Decimal("0.1")) if days else None,
                active_at_start=base,
                turnover=(Decimal(len(days)) / base).quantize(Decimal("0.001")) if base else None,
            )
        )
    return figures
