"""The arrears scan: opens one case per tenancy meeting the rule, idempotently, and closes cases
when the balance is cleared or a plan starts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import DomainError
from abitare.tenancies.models import ArrearsCase, ArrearsRule, CommunityWorkRate
from abitare.tenancies.models._rules import Confidence
from abitare.tenancies.services.arrears import arrears_rule_add, arrears_scan, arrears_scan_all, recovery_rules_seed
from abitare.tenancies.services.ledger import entry_reverse, payment_record
from abitare.tenancies.services.plans import plan_create
from abitare.tenancies.tests.recovery.conftest import charge_months

TODAY = datetime.date(2025, 6, 20)


def test_two_months_unpaid_opens_one_case_and_a_second_scan_adds_nothing(world, operator, tenancy, tenancy_b):
    charge_months(operator, tenancy, (2025, 5), (2025, 6))  # 700.00 >= 2 x 300.00 of rent
    charge_months(operator, tenancy_b, (2025, 6))

    first = arrears_scan(district=world.district, today=TODAY)
    second = arrears_scan(district=world.district, today=TODAY)

    (case,) = ArrearsCase.objects.all()
    assert case.tenancy == tenancy
    assert case.status == ArrearsCase.Status.OPEN
    assert case.by_balance
    assert not case.by_overdue
    assert case.balance_at_opening == Decimal("700.00")
    assert (first.opened, second.opened) == (1, 0)
    assert case.organisation == world.organisation
    assert case.territory == tenancy.territory


def test_a_charge_sixty_days_overdue_opens_a_case_with_a_small_balance(world, operator, tenancy):
    charge_months(operator, tenancy, (2025, 3))  # due 5 March
    payment_record(actor=acting(operator), tenancy=tenancy, amount="100.00", value_date=datetime.date(2025, 3, 10))

    arrears_scan(district=world.district, today=datetime.date(2025, 5, 3))
    assert not ArrearsCase.objects.exists()  # 59 days
    arrears_scan(district=world.district, today=datetime.date(2025, 5, 4))

    case = ArrearsCase.objects.get()
    assert case.by_overdue
    assert not case.by_balance
    assert case.overdue_at_opening == Decimal("250.00")


def test_an_old_charge_reversed_is_not_overdue(world, operator, tenancy):
    charge_months(operator, tenancy, (2025, 3))
    charge = tenancy.entries.get(kind="charge")
    entry_reverse(actor=acting(operator), entry=charge, reason="Addebito errato")

    arrears_scan(district=world.district, today=datetime.date(2025, 6, 1))

    assert not ArrearsCase.objects.exists()


def test_cleared_balance_closes_the_case(world, operator, tenancy):
    charge_months(operator, tenancy, (2025, 5), (2025, 6))
    arrears_scan(district=world.district, today=TODAY)
    payment_record(actor=acting(operator), tenancy=tenancy, amount="700.00", value_date=TODAY)

    result = arrears_scan(district=world.district, today=TODAY)

    case = ArrearsCase.objects.get()
    assert result.closed == 1
    assert (case.status, case.close_reason, case.closed_on) == ("closed", "cleared", TODAY)


def test_a_plan_closes_the_case_and_no_case_opens_while_it_runs(world, operator, membership, tenancy):
    charge_months(operator, tenancy, (2025, 1), (2025, 2), (2025, 3))
    arrears_scan(district=world.district, today=datetime.date(2025, 3, 20))

    plan_create(
        actor=membership,
        tenancy=tenancy,
        debt=Decimal("1050.00"),
        count=3,
        first_due=datetime.date(2030, 1, 1),
        agreed_on=datetime.date(2025, 3, 20),
        creditor="Agenzia",
    )
    arrears_scan(district=world.district, today=datetime.date(2025, 3, 21))

    case = ArrearsCase.objects.get()
    assert (case.status, case.close_reason) == ("closed", "plan_started")


def test_a_municipality_rule_overrides_the_district_default(world, operator, administrator, tenancy):
    arrears_rule_add(
        actor=acting(administrator),
        territory=world.municipality,
        months_of_rent=Decimal(1),
        overdue_days=90,
        plan_tolerance_days=5,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=None,
        source="Delibera di prova",
        confidence=Confidence.EXAMPLE,
    )
    charge_months(operator, tenancy, (2025, 6))  # 350 >= 1 month of 300

    arrears_scan(district=world.district, today=TODAY)

    case = ArrearsCase.objects.get()
    assert case.rule is not None
    assert case.rule.territory == world.municipality


def test_other_districts_are_not_touched(world, operator, tenancy):
    charge_months(operator, tenancy, (2025, 5), (2025, 6))

    result = arrears_scan(district=world.other_district, today=TODAY)

    assert result.opened == 0
    assert not ArrearsCase.objects.exists()


def test_scan_all_seeds_the_default_rules_once(world, operator, tenancy):
    arrears_scan_all(today=TODAY)
    arrears_scan_all(today=TODAY)

    rule = ArrearsRule.objects.get(territory=world.district)
    assert (rule.months_of_rent, rule.overdue_days, rule.confidence) == (Decimal(2), 60, Confidence.SECONDARY)
    rate = CommunityWorkRate.objects.get(territory=world.district)
    assert rate.confidence == Confidence.EXAMPLE
    assert recovery_rules_seed(district=world.district) == 0


def test_rule_with_dates_in_the_wrong_order_is_refused(world, administrator):
    with pytest.raises(DomainError):
        arrears_rule_add(
            actor=acting(administrator),
            territory=world.district,
            months_of_rent=Decimal(2),
            overdue_days=60,
            plan_tolerance_days=10,
            valid_from=datetime.date(2025, 1, 1),
            valid_to=datetime.date(2024, 1, 1),
            source="x",
            confidence=Confidence.EXAMPLE,
        )
    assert not ArrearsRule.objects.exists()
