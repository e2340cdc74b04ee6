"""Reads of arrears (morosità): the rule in force for a territory, cases, and the district scan's
candidates (one set-based query per rule scope)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import scope
from abitare.core import rules
from abitare.core.money import euro
from abitare.tenancies.models import ArrearsCase, ArrearsRule, LedgerEntry, RepaymentPlan, Tenancy
from abitare.tenancies.recovery.warning import ArrearsRule as RuleValues
from abitare.tenancies.recovery.warning import LedgerFacts, overdue_cutoff

# Used where no rule row is in force: L. 392/1978 art. 5 counts two months of rent as grounds for
# termination (docs/sources.md#arrears, confidence S); 60 days and 10 days of plan tolerance are this product's
# defaults, to be replaced by each territory's own rule.
DEFAULT_MONTHS_OF_RENT = Decimal(2)
DEFAULT_OVERDUE_DAYS = 60
DEFAULT_PLAN_TOLERANCE_DAYS = 10
DEFAULT_SOURCE = "Abitare default (L. 392/1978 art. 5 for two months of rent; 60 days: product default)"


@dataclass(frozen=True)
class RuleInForce:
    """The rule a territory follows on a day: a row, or the product default when none is set."""

    values: RuleValues
    plan_tolerance_days: int
    rule: ArrearsRule | None
    territory_path: str

    @property
    def is_default(self) -> bool:
        return self.rule is None

    def summary(self) -> str:
        text = _("%(months)s months of rent or a charge %(days)s days overdue") % {
            "months": self.values.months_of_rent.normalize(),
            "days": self.values.overdue_days,
        }
        return text if self.rule is not None else _("%(rule)s (default, not configured)") % {"rule": text}


def _in_force(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _from_row(rule: ArrearsRule | None, path: str) -> RuleInForce:
    if rule is None:
        return RuleInForce(
            RuleValues(DEFAULT_MONTHS_OF_RENT, DEFAULT_OVERDUE_DAYS), DEFAULT_PLAN_TOLERANCE_DAYS, None, path
        )
    return RuleInForce(
        RuleValues(Decimal(rule.months_of_rent), rule.overdue_days), rule.plan_tolerance_days, rule, path
    )


def arrears_rule_for(*, territory: Territory, on: datetime.date) -> RuleInForce:
    """The most specific rule in force on ``on`` for the territory (its own, else an ancestor's)."""
    best = rules.in_force(ArrearsRule.objects.all(), territory_path=territory.path, on=on)
    return _from_row(best, best.territory.path if best else territory.path)


def arrears_rule_scopes(*, district: Territory, on: datetime.date) -> list[RuleInForce]:
    """The rules that apply inside a district, most specific first: the district's own (or the
    default) and any rule of a municipality or neighbourhood below it."""
    rows = (
        ArrearsRule.objects.filter(_in_force(on), territory__path__startswith=district.path)
        .select_related("territory")
        .order_by("territory__path", "-valid_from", "-pk")
    )
    by_path: dict[str, ArrearsRule] = {}
    for row in rows:
        by_path.setdefault(row.territory.path, row)
    scopes = [_from_row(row, path) for path, row in by_path.items()]
    if district.path not in by_path:
        scopes.append(_from_row(None, district.path))
    return sorted(scopes, key=lambda item: len(item.territory_path), reverse=True)


def arrears_rule_list(*, actor: Membership | None) -> QuerySet[ArrearsRule]:
    if actor is None:
        return ArrearsRule.objects.none()
    return ArrearsRule.objects.filter(territory__path__startswith=actor.territory.root_path).select_related("territory")


@dataclass(frozen=True)
class Candidate:
    tenancy_id: int
    organisation_id: int
    territory_id: int
    facts: LedgerFacts


def arrears_candidates(
    *, scope_path: str, exclude_paths: list[str], rule: RuleValues, today: datetime.date
) -> list[Candidate]:
    """Active tenancies under ``scope_path`` (not under a more specific rule's path) that may meet
    the rule: one aggregate over their ledger entries.

    The overdue sum here leaves out reversals of charges, so it can only be too high; the
    service corrects the few candidates with :func:`charge_reversals_by_cutoff` and checks them
    with the pure rule.
    """
    cutoff = overdue_cutoff(rule, today)
    places = Territory.objects.filter(path__startswith=scope_path)
    for path in exclude_paths:
        places = places.exclude(path__startswith=path)
    entries = LedgerEntry.objects.filter(
        tenancy__status=Tenancy.Status.ACTIVE,
        tenancy__territory_id__in=list(places.values_list("pk", flat=True)),
        value_date__lte=today,
    )
    kind = LedgerEntry.Kind
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(Decimal(0), output_field=money)

    def total(**condition: Any) -> Coalesce:
        return Coalesce(Sum("signed_amount", filter=Q(**condition) if condition else None), zero, output_field=money)

    rows = (
        entries.order_by()
        .values("tenancy_id")
        .annotate(
            org_id=Max("tenancy__organisation_id"),
            place_id=Max("tenancy__territory_id"),
            rent=Max("tenancy__monthly_rent"),
            balance=total(),
            charged=total(kind=kind.CHARGE, due_on__lte=cutoff),
            # credits are negative: payments, community work, write-offs, reversed payments
            credited=Coalesce(
                -Sum("signed_amount", filter=~Q(kind=kind.CHARGE) & ~Q(kind=kind.REVERSAL, signed_amount__lt=0)),
                zero,
                output_field=money,
            ),
        )
        .filter(balance__gt=0)
        .filter(
            Q(rent__gt=0, balance__gte=F("rent") * Value(rule.months_of_rent, output_field=money))
            | Q(charged__gt=F("credited"))
        )
    )
    return [
        Candidate(
            tenancy_id=row["tenancy_id"],
            organisation_id=row["org_id"],
            territory_id=row["place_id"],
            facts=LedgerFacts(
                balance=euro(row["balance"]),
                monthly_rent=euro(row["rent"]),
                charged_by_cutoff=euro(row["charged"]),
                credited=euro(row["credited"]),
            ),
        )
        for row in rows
    ]


def charge_reversals_by_cutoff(*, tenancy_ids: list[int], cutoff: datetime.date) -> dict[int, Decimal]:
    """For each tenancy, the reversals of charges due by ``cutoff`` (a negative sum): they cancel
    charges the candidate query counted."""
    rows = (
        LedgerEntry.objects.filter(
            tenancy_id__in=tenancy_ids,
            kind=LedgerEntry.Kind.REVERSAL,
            reverses__kind=LedgerEntry.Kind.CHARGE,
            reverses__due_on__lte=cutoff,
        )
        .order_by()
        .values_list("tenancy_id")
        .annotate(total=Sum("signed_amount"))
    )
    return {tenancy_id: euro(total) for tenancy_id, total in rows}


def running_plan_tenancies(*, tenancy_ids: list[int] | None = None, scope_path: str = "") -> set[int]:
    plans = RepaymentPlan.objects.filter(status__in=RepaymentPlan.RUNNING)
    if tenancy_ids is not None:
        plans = plans.filter(tenancy_id__in=tenancy_ids)
    if scope_path:
        plans = plans.filter(tenancy__territory__path__startswith=scope_path)
    return set(plans.values_list("tenancy_id", flat=True))


def arrears_case_list(*, actor: Membership | None, status: str = "") -> QuerySet[ArrearsCase]:
    cases = scope(ArrearsCase.objects.all(), actor).select_related(
        "tenancy__household", "tenancy__unit__building", "territory"
    )
    if status in ArrearsCase.Status.values:
        cases = cases.filter(status=status)
    return cases


def arrears_case_get(*, actor: Membership | None, pk: int) -> ArrearsCase | None:
    return arrears_case_list(actor=actor).select_related("rule").filter(pk=pk).first()


def open_case_of(tenancy: Tenancy) -> ArrearsCase | None:
    return ArrearsCase.objects.filter(tenancy=tenancy, status=ArrearsCase.Status.OPEN).first()


def case_filters(query: Any) -> str:
    status = query.get("status", ArrearsCase.Status.OPEN)
    return status if status in ArrearsCase.Status.values or status == "all" else ArrearsCase.Status.OPEN
