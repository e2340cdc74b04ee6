"""Races on PostgreSQL with threads: the monthly charges, reversals and savings payouts."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections

from abitare.accounts.testing import acting
from abitare.core.exceptions import DomainError
from abitare.tenancies.models import LedgerEntry, SavingsEntry
from abitare.tenancies.services import ledger, ledger_batch, savings
from abitare.tenancies.tests.factories import make_tenancy

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent inserts need PostgreSQL, not SQLite"
    ),
]
JAN = datetime.date(2025, 1, 1)


def _race(action: Callable[[], object], threads: int = 6) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(threads)
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            outcome = action()
            with lock:
                results.append(outcome)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results, errors


def test_charges_issued_by_concurrent_runs_charge_each_month_once(world, operator):
    tenancies = [make_tenancy(operator, world=world, code=f"C{n}", n=n, starts_on=JAN) for n in range(5)]

    results, errors = _race(lambda: ledger_batch.charges_issue_month(month=datetime.date(2025, 4, 1)))
    again, _ = _race(lambda: ledger_batch.charges_issue_month(month=datetime.date(2025, 4, 1)), threads=2)

    assert errors == []
    assert sum(results) == len(tenancies)
    assert sum(again) == 0
    for tenancy in tenancies:
        assert LedgerEntry.objects.filter(tenancy=tenancy, kind="charge").count() == 1


def test_concurrent_reversals_of_one_entry_post_one_reversal(world, operator):
    tenancy = make_tenancy(operator, world=world, starts_on=JAN)
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="120", value_date=JAN)

    results, errors = _race(lambda: ledger.entry_reverse(actor=acting(operator), entry=payment, reason="race"))

    assert len(results) == 1
    assert len(errors) == 5
    assert all(getattr(error, "code", "") == "already_reversed" for error in errors)
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1


def test_concurrent_payouts_never_overdraw_the_savings(world, operator):
    tenancy = make_tenancy(operator, world=world, contract_type="service", savings_deposit="50", starts_on=JAN)
    savings.savings_deposit(actor=acting(operator), tenancy=tenancy, amount="100", value_date=JAN)

    results, errors = _race(
        lambda: savings.savings_payout(
            actor=acting(operator), tenancy=tenancy, amount="60", value_date=JAN, funds="moving"
        )
    )

    assert len(results) == 1
    assert all(isinstance(error, DomainError) for error in errors)
    assert savings.savings_balance(tenancy=tenancy) == Decimal("40.00")
    assert SavingsEntry.objects.filter(kind="payout").count() == 1
