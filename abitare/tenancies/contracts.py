"""Contract rules per type, as data: initial term, renewal term, how many renewals, notice.

Sources: L. 431/1998 art. 2 c.3 and c.5 (agreed rent: 3 years, then 2 more automatically, then
2-year tacit renewals, art. 19-bis DL 34/2019); art. 3 (notice of non-renewal at the first expiry
at least six months before); DM 16/01/2017 art. 2 (transitional contracts, 1 to 18 months).
Service contracts (18 months, renewable once) and reception terms are the agency's own rules
(docs/sources.md#contracts). An agency with other terms changes this table, not the services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from abitare.tenancies.accounting import add_months


@dataclass(frozen=True)
class ContractRule:
    initial_months: int | None  # None: open-ended, no end date
    renewal_months: int | None  # None: not renewable
    max_renewals: int | None  # None: no limit
    notice_months: int  # when the renewal deadline shows on the work list, before the end
    savings: bool = False  # a mandatory monthly savings deposit
    min_months: int | None = None
    max_months: int | None = None


RULES: dict[str, ContractRule] = {
    "agreed_rent": ContractRule(initial_months=36, renewal_months=24, max_renewals=None, notice_months=6),
    "service": ContractRule(initial_months=18, renewal_months=18, max_renewals=1, notice_months=3, savings=True),
    "reception": ContractRule(initial_months=6, renewal_months=6, max_renewals=None, notice_months=1),
    "dopo_di_noi": ContractRule(initial_months=None, renewal_months=None, max_renewals=0, notice_months=0),
    "transitional": ContractRule(
        initial_months=12, renewal_months=None, max_renewals=0, notice_months=1, min_months=1, max_months=18
    ),
}


def rule_for(contract_type: str) -> ContractRule:
    return RULES[contract_type]


def default_end(contract_type: str, starts_on: datetime.date) -> datetime.date | None:
    """The contract end when the operator does not set one: the initial term, less a day."""
    months = rule_for(contract_type).initial_months
    if months is None:
        return None
    return add_months(starts_on, months) - datetime.timedelta(days=1)


def renewal_end(contract_type: str, ends_on: datetime.date) -> datetime.date | None:
    months = rule_for(contract_type).renewal_months
    if months is None:
        return None
    return add_months(ends_on + datetime.timedelta(days=1), months) - datetime.timedelta(days=1)


def can_renew(contract_type: str, renewals: int) -> bool:
    rule = rule_for(contract_type)
    if rule.renewal_months is None:
        return False
    return rule.max_renewals is None or renewals < rule.max_renewals


def renewal_deadline(contract_type: str, ends_on: datetime.date | None) -> datetime.date | None:
    """The day by which the renewal (or the notice not to renew) must be decided."""
    if ends_on is None:
        return None
    return add_months(ends_on, -rule_for(contract_type).notice_months)


def term_error(contract_type: str, starts_on: datetime.date, ends_on: datetime.date | None) -> str | None:
    """Why the term does not fit the contract type (a code), or None."""
    rule = rule_for(contract_type)
    if rule.initial_months is not None and ends_on is None:
        return "end_required"
    if ends_on is None:
        return None
    if ends_on < starts_on:
        return "end_before_start"
    months = (
        (ends_on.year - starts_on.year) * 12
        + ends_on.month
        - starts_on.month
        + (1 if ends_on.day >= starts_on.day else 0)
    )
    if rule.min_months is not None and months < rule.min_months:
        return "too_short"
    if rule.max_months is not None and months > rule.max_months:
        return "too_long"
    return None
