"""Arrears early warning: the district scan that opens and closes cases, and the territory rules.

The scan asks the database once per rule scope for the tenancies that may meet the rule, checks
them with the pure rule, opens a case for each tenancy that has none open (and no running
repayment plan), and closes the open cases whose balance is cleared, whose plan started or
whose tenancy ended. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from abitare.accounts.models import Membership, Territory
from abitare.core import rules
from abitare.core.exceptions import DomainError
from abitare.core.money import euro
from abitare.tenancies.models import ArrearsCase, ArrearsRule, CommunityWorkRate, LedgerEntry, Tenancy
from abitare.tenancies.models._rules import Confidence
from abitare.tenancies.recovery.warning import Trigger, overdue_amount, overdue_cutoff, triggers
from abitare.tenancies.selectors import arrears as selectors


@dataclass(frozen=True)
class ScanResult:
    district: str
    candidates: int
    opened: int
    closed: int


def _today() -> datetime.date:
    return timezone.localdate()


def arrears_scan(*, district: Territory, today: datetime.date | None = None) -> ScanResult:
    """Open arrears cases in the district for tenancies that meet their territory's rule and
    close those no longer needed. Idempotent: one open case per tenancy (a database constraint)."""
    today = today or _today()
    scopes = selectors.arrears_rule_scopes(district=district, on=today)
    found: dict[int, tuple[selectors.Candidate, list[str], str, ArrearsRule | None]] = {}
    for index, rule in enumerate(scopes):
        deeper = [
            other.territory_path for other in scopes[:index] if other.territory_path.startswith(rule.territory_path)
        ]
        candidates = selectors.arrears_candidates(
            scope_path=rule.territory_path, exclude_paths=deeper, rule=rule.values, today=today
        )
        corrections = selectors.charge_reversals_by_cutoff(
            tenancy_ids=[c.tenancy_id for c in candidates], cutoff=overdue_cutoff(rule.values, today)
        )
        for candidate in candidates:
            checked = candidate
            if candidate.tenancy_id in corrections:
                correction = corrections[candidate.tenancy_id]
                facts = replace(candidate.facts, charged_by_cutoff=candidate.facts.charged_by_cutoff + correction)
                checked = replace(candidate, facts=facts)
            met = triggers(rule.values, checked.facts)
            if met:
                found[checked.tenancy_id] = (checked, met, rule.summary(), rule.rule)
    with transaction.atomic():
        # One scan of a district at a time: a second one waits, then finds the cases open.
        Territory.objects.select_for_update().filter(pk=district.pk).first()
        closed = _close_cases(district=district, today=today, still_due=set(found))
        opened = _open_cases(found, today=today)
    return ScanResult(district=district.name, candidates=len(found), opened=opened, closed=closed)


def _open_cases(
    found: dict[int, tuple[selectors.Candidate, list[str], str, ArrearsRule | None]], *, today: datetime.date
) -> int:
    if not found:
        return 0
    ids = list(found)
    already = set(
        ArrearsCase.objects.filter(tenancy_id__in=ids, status=ArrearsCase.Status.OPEN).values_list(
            "tenancy_id", flat=True
        )
    )
    planned = selectors.running_plan_tenancies(tenancy_ids=ids)
    cases = []
    for tenancy_id, (candidate, met, summary, rule) in found.items():
        if tenancy_id in already or tenancy_id in planned:
            continue
        cases.append(
            ArrearsCase(
                organisation_id=candidate.organisation_id,
                territory_id=candidate.territory_id,
                tenancy_id=tenancy_id,
                opened_on=today,
                balance_at_opening=candidate.facts.balance,
                overdue_at_opening=overdue_amount(candidate.facts),
                by_balance=Trigger.BALANCE in met,
                by_overdue=Trigger.OVERDUE in met,
                rule=rule,
                rule_summary=summary[:200],
            )
        )
    if cases:
        bulk_create_with_history(cases, ArrearsCase, batch_size=1000)
    return len(cases)


def _close_cases(*, district: Territory, today: datetime.date, still_due: set[int]) -> int:
    """Close the district's open cases whose plan started, whose tenancy ended or whose balance
    is cleared; tenancies that still meet the rule (``still_due``) need no balance query."""
    open_cases = ArrearsCase.objects.filter(
        status=ArrearsCase.Status.OPEN, tenancy__territory__path__startswith=district.path
    )
    tenancy_ids = list(open_cases.values_list("tenancy_id", flat=True))
    if not tenancy_ids:
        return 0
    to_check = [tenancy_id for tenancy_id in tenancy_ids if tenancy_id not in still_due]
    balances = dict(
        LedgerEntry.objects.filter(tenancy_id__in=to_check, value_date__lte=today)
        .order_by()
        .values_list("tenancy_id")
        .annotate(total=Sum("signed_amount"))
    )
    planned = selectors.running_plan_tenancies(tenancy_ids=tenancy_ids)
    ended = set(Tenancy.objects.filter(pk__in=tenancy_ids, status=Tenancy.Status.ENDED).values_list("pk", flat=True))
    closed = 0
    for case in open_cases.select_for_update():
        if case.tenancy_id in planned:
            reason = ArrearsCase.CloseReason.PLAN_STARTED
        elif case.tenancy_id not in still_due and euro(balances.get(case.tenancy_id) or 0) <= 0:
            reason = ArrearsCase.CloseReason.CLEARED
        elif case.tenancy_id in ended:
            reason = ArrearsCase.CloseReason.TENANCY_ENDED
        else:
            continue
        _close(case, reason=reason, today=today)
        closed += 1
    return closed


def _close(case: ArrearsCase, *, reason: str, today: datetime.date) -> None:
    case.status = ArrearsCase.Status.CLOSED
    case.closed_on = today
    case.close_reason = reason
    case.save(update_fields=["status", "closed_on", "close_reason", "updated_at"])


def arrears_cases_settle(*, tenancy_ids: list[int], today: datetime.date | None = None) -> int:
    """Close the open cases of these tenancies whose balance is now cleared or whose plan started
    (called after payments, community-work credits and new plans)."""
    today = today or _today()
    cases = list(
        ArrearsCase.objects.select_for_update().filter(tenancy_id__in=tenancy_ids, status=ArrearsCase.Status.OPEN)
    )
    if not cases:
        return 0
    ids = [case.tenancy_id for case in cases]
    balances = dict(
        LedgerEntry.objects.filter(tenancy_id__in=ids, value_date__lte=today)
        .order_by()
        .values_list("tenancy_id")
        .annotate(total=Sum("signed_amount"))
    )
    planned = selectors.running_plan_tenancies(tenancy_ids=ids)
    closed = 0
    for case in cases:
        if case.tenancy_id in planned:
            _close(case, reason=ArrearsCase.CloseReason.PLAN_STARTED, today=today)
        elif euro(balances.get(case.tenancy_id) or 0) <= 0:
            _close(case, reason=ArrearsCase.CloseReason.CLEARED, today=today)
        else:
            continue
        closed += 1
    return closed


def arrears_scan_all(*, today: datetime.date | None = None) -> list[ScanResult]:
    """The periodic job: scan every district that has active tenancies or open cases."""
    district_ids = {
        rules.root_id(path)
        for path in Tenancy.objects.filter(Q(status=Tenancy.Status.ACTIVE) | Q(arrears_cases__status="open"))
        .values_list("territory__path", flat=True)
        .distinct()
    }
    results = []
    for district in Territory.objects.filter(pk__in=district_ids).order_by("path"):
        recovery_rules_seed(district=district)
        results.append(arrears_scan(district=district, today=today))
    return results


def district_of(membership: Membership) -> Territory:
    """The district (root of the tree) a membership works in."""
    root_id = membership.territory.root_id
    return Territory.objects.get(pk=root_id)


@transaction.atomic
def arrears_rule_add(
    *,
    actor: Membership,
    territory: Territory,
    months_of_rent: Decimal,
    overdue_days: int,
    plan_tolerance_days: int,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    source: str,
    confidence: str,
) -> ArrearsRule:
    """A new version of a territory's arrears rule (rules are data: never edited in place)."""
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of validity comes before its start."), field="valid_to", code="dates_order")
    if months_of_rent <= 0 or overdue_days <= 0:
        raise DomainError(_("The thresholds must be more than zero."), field="months_of_rent", code="threshold")
    if not source.strip():
        raise DomainError(_("Say where the rule comes from."), field="source", code="source_required")
    if confidence not in Confidence.values:
        raise DomainError(_("Choose how sure the figures are."), field="confidence", code="confidence")
    return ArrearsRule.objects.create(
        territory=territory,
        months_of_rent=months_of_rent,
        overdue_days=overdue_days,
        plan_tolerance_days=plan_tolerance_days,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source.strip(),
        confidence=confidence,
        created_by=actor.user,
    )


EXAMPLE_HOURLY_RATE = Decimal("10.00")
EXAMPLE_RATE_SOURCE = (
    "Valore di esempio, non confermato: Abitare non ha trovato un importo nazionale per la "
    "restituzione con lavoro di comunità. Inserire la tariffa concordata nel territorio."
)
DEFAULT_RULE_SOURCE = (
    "L. 392/1978 art. 5: il mancato pagamento di somme pari a due mensilità del canone è motivo di "
    "risoluzione (letto in una fonte secondaria). 60 giorni e 10 giorni di tolleranza sul piano: "
    "valori predefiniti di Abitare."
)


@transaction.atomic
def recovery_rules_seed(*, district: Territory, valid_from: datetime.date | None = None) -> int:
    """Give a district the default arrears rule and the example hourly rate when it has none
    (idempotent); return how many rows were added. The example rate is marked unconfirmed."""

    start = valid_from or datetime.date(2000, 1, 1)
    added = 0
    if not ArrearsRule.objects.filter(territory=district).exists():
        ArrearsRule.objects.create(
            territory=district,
            months_of_rent=selectors.DEFAULT_MONTHS_OF_RENT,
            overdue_days=selectors.DEFAULT_OVERDUE_DAYS,
            plan_tolerance_days=selectors.DEFAULT_PLAN_TOLERANCE_DAYS,
            valid_from=start,
            source=DEFAULT_RULE_SOURCE,
            confidence=Confidence.SECONDARY,
        )
        added += 1
    if not CommunityWorkRate.objects.filter(territory=district).exists():
        CommunityWorkRate.objects.create(
            territory=district,
            hourly_rate=EXAMPLE_HOURLY_RATE,
            valid_from=start,
            source=EXAMPLE_RATE_SOURCE,
            confidence=Confidence.EXAMPLE,
        )
        added += 1
    return added
