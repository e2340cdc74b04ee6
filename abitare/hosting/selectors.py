"""Reads of the hosting network, already scoped to the membership's organisation and territory."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.core.figures import Counted, count_by_territory, count_with_trend
from abitare.hosting import capacity
from abitare.hosting.models import EmergencyRequest, Host, HostAvailability, HostSupportEntry, Placement

ENDING_WITHIN_DAYS = 7


def host_list(*, actor: Membership | None, status: str = "") -> QuerySet[Host]:
    hosts = scope(Host.objects.all(), actor).select_related("household", "person", "territory")
    if status in Host.Status.values:
        hosts = hosts.filter(status=status)
    return hosts


def host_get(*, actor: Membership | None, pk: Any) -> Host | None:
    return host_list(actor=actor).prefetch_related("availabilities").filter(pk=pk).first()


def request_list(*, actor: Membership | None, status: str = "") -> QuerySet[EmergencyRequest]:
    requests = scope(EmergencyRequest.objects.all(), actor).select_related("household", "person", "territory")
    if status in EmergencyRequest.Status.values:
        requests = requests.filter(status=status)
    return requests


def request_get(*, actor: Membership | None, pk: Any) -> EmergencyRequest | None:
    return request_list(actor=actor).filter(pk=pk).first()


def placement_list(*, actor: Membership | None) -> QuerySet[Placement]:
    return scope(Placement.objects.all(), actor).select_related(
        "host__household", "host__person", "request__household", "request__person"
    )


def placement_get(*, actor: Membership | None, pk: Any) -> Placement | None:
    return placement_list(actor=actor).filter(pk=pk).first()


def placements_current(*, actor: Membership | None, on: datetime.date | None = None) -> QuerySet[Placement]:
    """Placements not ended whose guests are (or will be) with their host on or after ``on``."""
    day = on or timezone.localdate()
    return placement_list(actor=actor).filter(actual_end__isnull=True, planned_end__gte=day)


def placements_ending(*, actor: Membership | None, within_days: int = ENDING_WITHIN_DAYS) -> QuerySet[Placement]:
    """Open placements whose planned end is within a week (or already past and not closed)."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        placement_list(actor=actor)
        .filter(actual_end__isnull=True, planned_end__lte=horizon)
        .order_by("planned_end", "id")
    )


def support_list(*, host: Host) -> QuerySet[HostSupportEntry]:
    return HostSupportEntry.objects.filter(host=host).select_related("recorded_by", "reverses", "reversed_by")


@dataclass(frozen=True)
class SupportTotals:
    home_care_hours: Decimal
    food_vouchers: Decimal
    reimbursements: Decimal

    @property
    def money(self) -> Decimal:
        return self.food_vouchers + self.reimbursements


def support_totals(*, entries: QuerySet[HostSupportEntry]) -> SupportTotals:
    """Totals derived from the entries (reversals count with their negative sign). Summed in
    Python over Decimals: SQLite's SUM of decimal columns goes through floating point."""
    sums = {kind: Decimal("0.00") for kind in HostSupportEntry.Kind.values}
    for kind, amount, hours in entries.values_list("kind", "amount", "hours"):
        value = hours if kind in HostSupportEntry.HOUR_KINDS else amount
        sums[kind] += value if value is not None else Decimal("0.00")
    return SupportTotals(
        home_care_hours=sums[HostSupportEntry.Kind.HOME_CARE_HOURS],
        food_vouchers=sums[HostSupportEntry.Kind.FOOD_VOUCHER],
        reimbursements=sums[HostSupportEntry.Kind.REIMBURSEMENT],
    )


def stays_of(placements: Any) -> list[capacity.Stay]:
    return [capacity.Stay(guests=p.guests, start=p.start, end=p.actual_end or p.planned_end) for p in placements]


def periods_of(availabilities: Any) -> list[capacity.Period]:
    return [capacity.Period(start=a.start, end=a.end) for a in availabilities]


@dataclass(frozen=True)
class Candidate:
    host: Host
    free_beds: int


def host_candidates(
    *,
    actor: Membership | None,
    request: EmergencyRequest,
    start: datetime.date,
    end: datetime.date,
    guests: int | None = None,
) -> list[Candidate]:
    """Active hosts in scope available for every night of ``start``..``end``, with enough free
    beds for the guests (the request's, unless fewer are given), offering what the request needs
    (step-free, meals, accompaniment, pets). Three queries whatever the number of hosts."""
    needed = request.guests if guests is None else guests
    hosts = host_list(actor=actor, status=Host.Status.ACTIVE).filter(
        capacity__gte=needed,
        availabilities__start__lte=start,
        availabilities__end__gte=start,
    )
    needs = {
        "step_free": request.needs_step_free,
        "offers_meals": request.needs_meals,
        "offers_accompaniment": request.needs_accompaniment,
        "pets_allowed": request.has_pets,
    }
    hosts = hosts.filter(**{field: True for field, needed in needs.items() if needed}).distinct()
    overlapping = Placement.objects.filter(start__lt=end).filter(
        Q(actual_end__isnull=True, planned_end__gt=start) | Q(actual_end__gt=start)
    )
    hosts = hosts.prefetch_related(
        Prefetch("placements", queryset=overlapping, to_attr="overlapping"),
        Prefetch("availabilities", queryset=HostAvailability.objects.all(), to_attr="periods"),
    )
    candidates = []
    for host in hosts:
        if not capacity.within_availability(periods_of(host.periods), start, end):
            continue
        free = capacity.free_beds(host.capacity, stays_of(host.overlapping), start, end)
        if free >= needed:
            candidates.append(Candidate(host=host, free_beds=free))
    return sorted(candidates, key=lambda c: (-c.free_beds, c.host.pk))


# Dashboard figures ------------------------------------------------------------------------------

REQUEST_OPEN = Q(status=EmergencyRequest.Status.OPEN)


def requests_open_count(*, actor: Membership | None, today: datetime.date) -> tuple[Counted, dict[str, int]]:
    """Emergency requests still open, and how many per urgency; the trend counts requests received."""
    requests = request_list(actor=actor)
    counted = count_with_trend(requests, state=REQUEST_OPEN, entered="created_at__date", today=today)
    urgency = dict(requests.filter(REQUEST_OPEN).order_by().values_list("urgency").annotate(n=Count("pk")))
    return counted, {value: urgency.get(value, 0) for value in EmergencyRequest.Urgency.values}


def requests_open_by_territory(*, actor: Membership | None) -> tuple[tuple[str, int], ...]:
    return count_by_territory(request_list(actor=actor), state=REQUEST_OPEN)
