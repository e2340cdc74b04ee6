"""Reads for the dashboards: arrears and their ageing across the portfolio, repayment plans in
breach, community hours waiting for confirmation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce

from abitare.accounts.models import Membership
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


def arrears_ageing(*, actor: Membership | None, today: datetime.date) -> ArrearsFigures:
    """What tenants owe on ``today`` across the scope: the total of positive balances, how many
    tenancies owe, the amount per ageing bucket (payments to the oldest debits first, reversed
    entries left out) and per territory; the trend counts arrears cases opened.

    One ``GROUP BY`` over the ledger with a conditional sum per bucket; the split is the pure
    :func:`accounting.ageing_from_sums`.
    """
    tenancies = scope(Tenancy.objects.all(), actor)
    debit = Q(signed_amount__gt=0, reverses__isnull=True, reversed_by__isnull=True)
    limits = [(today - datetime.timedelta(days=days)) for days in (0, 30, 60, 90)]
    sums = {
        "d0": Sum("signed_amount", filter=debit & Q(due__gte=limits[0])),
        "d1": Sum("signed_amount", filter=debit & Q(due__lt=limits[0], due__gte=limits[1])),
        "d2": Sum("signed_amount", filter=debit & Q(due__lt=limits[1], due__gte=limits[2])),
        "d3": Sum("signed_amount", filter=debit & Q(due__lt=limits[2], due__gte=limits[3])),
    }
    rows = (
        LedgerEntry.objects.filter(tenancy__in=tenancies.values("pk"), value_date__lte=today)
        .annotate(due=Coalesce("due_on", "value_date"))
        .order_by()
        .values("tenancy_id", "territory__name")
        .annotate(balance=Sum("signed_amount"), **sums)
    )
    buckets = dict.fromkeys(AGEING_LABELS, Decimal(0))
    territories: dict[str, Decimal] = defaultdict(Decimal)
    owing = 0
    for row in rows.values("tenancy_id", "territory__name", "balance", *sums):
        if row["balance"] <= 0:
            continue
        owing += 1
        territories[row["territory__name"]] += row["balance"]
        debits = [row[key] or Decimal(0) for key in ("d0", "d1", "d2", "d3")]
        for label, amount in zip(AGEING_LABELS, accounting.ageing_from_sums(row["balance"], debits), strict=True):
            buckets[label] += amount
    cases = scope(ArrearsCase.objects.all(), actor)
    by_territory = tuple(sorted(((name, euro(amount)) for name, amount in territories.items()), key=lambda p: -p[1]))
    return ArrearsFigures(
        euro(sum(buckets.values(), Decimal(0))),
        owing,
        {label: euro(amount) for label, amount in buckets.items()},
        by_territory,
        trend_of(cases, entered="opened_on", today=today),
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
