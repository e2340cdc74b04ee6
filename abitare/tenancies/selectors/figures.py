"""Reads for the dashboards: arrears and their ageing across the portfolio, repayment plans in
breach, community hours waiting for confirmation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import scope
from abitare.core.figures import Counted, Trend, count_by_territory, count_with_trend, trend_of, windows
from abitare.core.money import euro
from abitare.tenancies import accounting
from abitare.tenancies.models import ArrearsCase, CommunityWorkSession, LedgerEntry, RepaymentPlan, Tenancy

#: The ageing buckets of the dashboard: their labels match ``accounting.ageing``'s.
AGEING_LABELS = ("not_due", "1-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class ArrearsFigures:
    total: Decimal
    tenancies: int
    buckets: dict[str, Decimal]
    by_territory: tuple[tuple[str, Decimal], ...]
    trend: Trend


def _bucket_of(due: datetime.date, today: datetime.date) -> int:
    """The bucket of a debit by its due date: 0 not yet due, 1 for 1-30 days late, ... 4 for 90+."""
    late = (today - due).days
    return 0 if late <= 0 else min((late - 1) // 30 + 1, 4)


def arrears_ageing(*, actor: Membership | None, today: datetime.date) -> ArrearsFigures:
    """What tenants owe on ``today`` across the scope: the total of positive balances, how many
    tenancies owe, the amount per ageing bucket (payments to the oldest debits first, reversed
    charges left out) and per territory; the trend counts arrears cases opened.

    One ``GROUP BY`` over the ledger with a conditional sum per bucket (no join: reversed charges,
    which are few, are taken out of their bucket afterwards); the split is the pure
    :func:`accounting.ageing_from_sums`.
    """
    tenancies = scope(Tenancy.objects.all(), actor)
    debit = Q(kind=LedgerEntry.Kind.CHARGE, signed_amount__gt=0)
    limits = [(today - datetime.timedelta(days=days)) for days in (0, 30, 60, 90)]
    sums = {
        "d0": Sum("signed_amount", filter=debit & Q(due__gte=limits[0])),
        "d1": Sum("signed_amount", filter=debit & Q(due__lt=limits[0], due__gte=limits[1])),
        "d2": Sum("signed_amount", filter=debit & Q(due__lt=limits[1], due__gte=limits[2])),
        "d3": Sum("signed_amount", filter=debit & Q(due__lt=limits[2], due__gte=limits[3])),
    }
    entries = LedgerEntry.objects.filter(tenancy__in=tenancies.values("pk"), value_date__lte=today)
    rows = (
        entries.annotate(due=Coalesce("due_on", "value_date"))
        .order_by()
        .values("tenancy_id", "territory_id")
        .annotate(balance=Sum("signed_amount"), **sums)
        .filter(balance__gt=0)
        .values_list("tenancy_id", "territory_id", "balance", *sums)
    )
    reversed_charges: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 5)
    for tenancy_id, amount, due_on, value_date in entries.filter(
        kind=LedgerEntry.Kind.REVERSAL, reverses__kind=LedgerEntry.Kind.CHARGE
    ).values_list("tenancy_id", "reverses__signed_amount", "reverses__due_on", "reverses__value_date"):
        reversed_charges[tenancy_id][_bucket_of(due_on or value_date, today)] += amount
    buckets = dict.fromkeys(AGEING_LABELS, Decimal(0))
    territories: dict[int, Decimal] = defaultdict(Decimal)
    owing = 0
    for tenancy_id, territory_id, balance, *debit_sums in rows:
        owing += 1
        territories[territory_id] += balance
        debits = [(amount or Decimal(0)) for amount in debit_sums]
        if tenancy_id in reversed_charges:
            debits = [amount - taken for amount, taken in zip(debits, reversed_charges[tenancy_id], strict=False)]
        for label, amount in zip(AGEING_LABELS, accounting.ageing_from_sums(balance, debits), strict=True):
            buckets[label] += amount
    names = dict(Territory.objects.filter(pk__in=territories).values_list("pk", "name"))
    by_territory = tuple(
        sorted(((names[pk], euro(amount)) for pk, amount in territories.items()), key=lambda pair: -pair[1])
    )
    return ArrearsFigures(
        euro(sum(buckets.values(), Decimal(0))),
        owing,
        {label: euro(amount) for label, amount in buckets.items()},
        by_territory,
        trend_of(scope(ArrearsCase.objects.all(), actor), entered="opened_on", today=today),
    )


BREACHED = Q(status=RepaymentPlan.Status.BREACHED)


def plans_in_breach(*, actor: Membership | None, today: datetime.date) -> Counted:
    """Repayment plans in breach; the trend counts plans that went into breach."""
    plans = scope(RepaymentPlan.objects.all(), actor)
    start, before = windows(today)
    breaches = Q(changes__to_status=RepaymentPlan.Status.BREACHED)
    row = plans.order_by().aggregate(
        value=Count("pk", filter=BREACHED, distinct=True),
        recent=Count("pk", filter=breaches & Q(changes__changed_at__date__gt=start), distinct=True),
        earlier=Count(
            "pk",
            filter=breaches & Q(changes__changed_at__date__gt=before, changes__changed_at__date__lte=start),
            distinct=True,
        ),
    )
    return Counted(row["value"], Trend(row["recent"], row["earlier"]))


def plans_in_breach_by_territory(*, actor: Membership | None) -> tuple[tuple[str, int], ...]:
    return count_by_territory(scope(RepaymentPlan.objects.all(), actor), state=BREACHED)


@dataclass(frozen=True)
class HoursPending:
    sessions: int
    hours: Decimal
    oldest: datetime.date | None
    trend: Trend


PENDING = Q(status=CommunityWorkSession.Status.RECORDED)


def community_hours_pending(*, actor: Membership | None, today: datetime.date) -> HoursPending:
    """Sessions of community work recorded and not yet confirmed or rejected, their hours and the
    oldest one's date; the trend counts sessions recorded."""
    sessions = scope(CommunityWorkSession.objects.all(), actor)
    counted = count_with_trend(sessions, state=PENDING, entered="worked_on", today=today)
    row = sessions.filter(PENDING).order_by().aggregate(hours=Sum("hours"), oldest=Min("worked_on"))
    return HoursPending(counted.value, row["hours"] or Decimal(0), row["oldest"], counted.trend)
