"""The arrears early-warning rule (morosità): when a tenancy's debt calls for an operator.

A territory's rule (data, with validity and source) says: open a case when the unpaid balance
reaches ``months`` of the monthly rent, or when a charge is still unpaid ``days`` after it was
due. Credits settle the oldest charges first, so "a charge ``days`` overdue is unpaid" is the
same as "the charges due by ``today - days`` exceed everything credited": one sum per tenancy,
which is how the district scan asks the database in one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


class Trigger:
    BALANCE = "balance"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ArrearsRule:
    months_of_rent: Decimal
    overdue_days: int


@dataclass(frozen=True)
class LedgerFacts:
    """One tenancy's figures on the scan day (amounts in euro; the balance is what is owed)."""

    balance: Decimal
    monthly_rent: Decimal
    charged_by_cutoff: Decimal
    credited: Decimal


def overdue_cutoff(rule: ArrearsRule, today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=rule.overdue_days)


def balance_threshold(rule: ArrearsRule, monthly_rent: Decimal) -> Decimal:
    return (rule.months_of_rent * monthly_rent).quantize(Decimal("0.01"))


def overdue_amount(facts: LedgerFacts) -> Decimal:
    """How much of the charges due by the cut-off is still unpaid (oldest charges paid first)."""
    return max(ZERO, facts.charged_by_cutoff - facts.credited)


def triggers(rule: ArrearsRule, facts: LedgerFacts) -> list[str]:
    """Which parts of the rule the tenancy meets (empty: no case). A zero rent never triggers
    the balance part on its own: without rent, "two months of rent" means nothing."""
    found = []
    if facts.balance > 0 and facts.monthly_rent > 0 and facts.balance >= balance_threshold(rule, facts.monthly_rent):
        found.append(Trigger.BALANCE)
    if facts.balance > 0 and overdue_amount(facts) > 0:
        found.append(Trigger.OVERDUE)
    return found
