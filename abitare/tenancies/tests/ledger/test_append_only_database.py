"""The rent and savings ledgers are append-only in the database too, not only through the ORM."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.accounts.testing import acting
from abitare.core.tests.append_only import assert_database_refuses_changes
from abitare.tenancies.models import LedgerEntry
from abitare.tenancies.services import ledger, savings
from abitare.tenancies.tests.factories import make_tenancy

JAN = datetime.date(2025, 1, 1)


def test_a_ledger_entry_cannot_be_rewritten_or_deleted_by_any_query(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)

    assert_database_refuses_changes(payment, column="amount", value=Decimal(30))
    assert_database_refuses_changes(payment, column="reference", value="=HYPERLINK()")


def test_a_reversal_is_a_new_row_and_leaves_the_entry_as_it_was(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)

    reversal = ledger.entry_reverse(actor=acting(operator), entry=payment, reason="Wrong tenancy")

    assert list(LedgerEntry.objects.values_list("kind", "signed_amount")) == [
        ("payment", Decimal("-10.00")),
        ("reversal", Decimal("10.00")),
    ]
    assert reversal.reverses_id == payment.pk


def test_a_savings_entry_cannot_be_rewritten_or_deleted_by_any_query(world, operator):
    tenancy = make_tenancy(operator, world=world, contract_type="service", savings_deposit="50", starts_on=JAN)
    deposit = savings.savings_deposit(actor=acting(operator), tenancy=tenancy, amount="100", value_date=JAN)

    assert_database_refuses_changes(deposit, column="amount", value=Decimal(1))
