"""Tenancies: creation, overlaps, renewals, exit with savings payout and the unit's states."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError
from abitare.housing.models import Unit
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, TenancyExit
from abitare.tenancies.selectors.ledger import balance_of
from abitare.tenancies.selectors.tenancy import stay_and_turnover_by_pathway
from abitare.tenancies.services import ledger_batch, savings
from abitare.tenancies.services.tenancy import tenancy_create, tenancy_exit, tenancy_release_unit, tenancy_renew
from abitare.tenancies.tests.factories import make_tenancy

JAN = datetime.date(2025, 1, 1)


def test_a_tenancy_entered_by_hand_takes_the_unit_rent_a_reference_and_occupies_the_unit(tenancy):
    assert tenancy.reference == f"AB-2025-{tenancy.pk:06d}"
    assert tenancy.monthly_rent == Decimal("300.00")
    assert tenancy.monthly_charges == Decimal("50.00")
    assert tenancy.ends_on == datetime.date(2027, 12, 31)
    assert Unit.objects.get(pk=tenancy.unit_id).state == Unit.State.OCCUPIED


def test_overlapping_tenancies_on_one_unit_are_refused(tenancy, operator, world):
    household = make_household(operator, make_person(operator, n=7), name="Altra")

    with pytest.raises(Conflict) as refused:
        tenancy_create(
            actor=acting(operator),
            organisation=world.organisation,
            territory=world.neighbourhood,
            unit=tenancy.unit,
            household=household,
            contract_type="transitional",
            pathway="agreed_rent",
            starts_on=datetime.date(2027, 6, 1),
            ends_on=datetime.date(2028, 1, 31),
        )

    assert refused.value.code == "tenancy_overlap"
    assert Tenancy.objects.count() == 1


def test_a_service_contract_needs_its_savings_deposit(world, operator):

    with pytest.raises(DomainError) as refused:
        make_tenancy(operator, world=world, contract_type="service", savings_deposit="0")

    assert refused.value.code == "savings_required"
    assert Tenancy.objects.count() == 0
    assert Unit.objects.get().state == Unit.State.AVAILABLE


def test_a_service_contract_renews_once(service_tenancy, operator):
    renewed = tenancy_renew(actor=acting(operator), tenancy=service_tenancy)

    with pytest.raises(DomainError) as refused:
        tenancy_renew(actor=acting(operator), tenancy=renewed)

    assert renewed.ends_on == datetime.date(2027, 12, 31)
    assert renewed.renewals == 1
    assert refused.value.code == "renewal_not_allowed"
    assert Tenancy.objects.get(pk=renewed.pk).ends_on == datetime.date(2027, 12, 31)


def test_savings_never_go_below_zero(service_tenancy, operator):
    savings.savings_deposit(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN)

    with pytest.raises(DomainError) as refused:
        savings.savings_payout(
            actor=acting(operator), tenancy=service_tenancy, amount="50.01", value_date=JAN, funds="security_deposit"
        )
    with pytest.raises(DomainError) as backdated:
        savings.savings_payout(
            actor=acting(operator),
            tenancy=service_tenancy,
            amount="10",
            value_date=JAN - datetime.timedelta(days=1),
            funds="security_deposit",
        )

    assert refused.value.code == "savings_overdrawn"
    assert backdated.value.code == "savings_overdrawn"
    assert SavingsEntry.objects.count() == 1
    assert savings.savings_balance(tenancy=service_tenancy) == Decimal("50.00")


def test_reversing_a_deposit_already_paid_out_is_refused(service_tenancy, operator):
    deposit = savings.savings_deposit(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN)
    savings.savings_payout(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN, funds="moving")

    with pytest.raises(DomainError) as refused:
        savings.savings_entry_reverse(actor=acting(operator), entry=deposit, reason="Wrong")

    assert refused.value.code == "savings_overdrawn"
    assert SavingsEntry.objects.count() == 2


def test_a_contract_without_savings_takes_no_deposit(tenancy, operator):
    with pytest.raises(DomainError) as refused:
        savings.savings_deposit(actor=acting(operator), tenancy=tenancy, amount="50", value_date=JAN)

    assert refused.value.code == "no_savings_account"
    assert SavingsEntry.objects.count() == 0


def test_the_exit_pays_out_savings_settles_charges_and_frees_the_unit(service_tenancy, operator):
    for month in (JAN, datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)):
        ledger_batch.charges_issue_month(month=month)
        savings.savings_deposit(
            actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=month, month=month
        )

    record = tenancy_exit(
        actor=acting(operator),
        tenancy=service_tenancy,
        exited_on=datetime.date(2025, 2, 14),
        destination="public_housing",
        savings_funds="security_deposit",
    )

    tenancy = Tenancy.objects.get(pk=service_tenancy.pk)
    assert isinstance(record, TenancyExit)
    assert tenancy.status == Tenancy.Status.ENDED
    assert tenancy.ended_on == datetime.date(2025, 2, 14)
    payout = SavingsEntry.objects.get(kind="payout")
    assert payout.amount == Decimal("150.00")
    assert payout.value_date == datetime.date(2025, 3, 1)
    assert payout.funds == "security_deposit"
    # January in full, February for 14 of 28 days, March reversed.
    assert balance_of(tenancy) == Decimal("350.00") + Decimal("175.00")
    assert LedgerEntry.objects.filter(kind="reversal").count() == 2
    assert Unit.objects.get(pk=tenancy.unit_id).state == Unit.State.VACATING
    tenancy_release_unit(actor=acting(operator), tenancy=tenancy)
    assert Unit.objects.get(pk=tenancy.unit_id).state == Unit.State.AVAILABLE
    with pytest.raises(Conflict):
        tenancy_exit(actor=acting(operator), tenancy=tenancy, exited_on=datetime.date(2025, 3, 1), destination="family")


def test_an_exit_with_savings_must_say_what_they_fund_and_changes_nothing(service_tenancy, operator):
    savings.savings_deposit(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN)

    with pytest.raises(DomainError) as refused:
        tenancy_exit(actor=acting(operator), tenancy=service_tenancy, exited_on=JAN, destination="family")

    assert refused.value.code == "funds_required"
    assert Tenancy.objects.get(pk=service_tenancy.pk).status == Tenancy.Status.ACTIVE
    assert TenancyExit.objects.count() == 0
    assert Unit.objects.get(pk=service_tenancy.unit_id).state == Unit.State.OCCUPIED


def test_stay_and_turnover_per_pathway(tenancy, service_tenancy, operator, world):
    tenancy_exit(
        actor=acting(operator),
        tenancy=service_tenancy,
        exited_on=datetime.date(2025, 7, 1),
        destination="private_market",
    )

    figures = {
        f.pathway: f
        for f in stay_and_turnover_by_pathway(
            organisation=world.organisation,
            territory=world.district,
            date_from=JAN,
            date_to=datetime.date(2025, 12, 31),
        )
    }

    assert figures["service_contract"].exits == 1
    assert figures["service_contract"].average_stay_days == Decimal("181.0")
    assert figures["service_contract"].turnover == Decimal("1.000")
    assert figures["agreed_rent"].exits == 0
    assert figures["agreed_rent"].turnover == Decimal("0.000")
