"""The arrears early-warning rule."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.tenancies.recovery.warning import ArrearsRule, LedgerFacts, Trigger, overdue_cutoff, triggers

RULE = ArrearsRule(months_of_rent=Decimal(2), overdue_days=60)


def facts(balance, charged=0, credited=0, rent="400.00"):
    return LedgerFacts(Decimal(balance), Decimal(rent), Decimal(charged), Decimal(credited))


def test_two_months_of_rent_unpaid_opens_a_case():
    assert triggers(RULE, facts("800.00")) == [Trigger.BALANCE]
    assert triggers(RULE, facts("799.99")) == []


def test_an_old_unpaid_charge_opens_a_case_whatever_the_balance():
    assert triggers(RULE, facts("100.00", charged="1200.00", credited="1100.00")) == [Trigger.OVERDUE]
    assert triggers(RULE, facts("100.00", charged="1200.00", credited="1200.00")) == []


def test_both_parts_and_no_debt():
    assert triggers(RULE, facts("900.00", charged="1200.00", credited="300.00")) == [Trigger.BALANCE, Trigger.OVERDUE]
    assert triggers(RULE, facts("0.00", charged="1200.00", credited="1000.00")) == []


def test_zero_rent_does_not_trigger_the_balance_part():
    assert triggers(RULE, facts("50.00", rent="0.00")) == []


def test_cutoff():
    assert overdue_cutoff(RULE, datetime.date(2026, 3, 1)) == datetime.date(2025, 12, 31)
