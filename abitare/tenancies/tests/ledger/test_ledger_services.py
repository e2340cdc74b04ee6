"""Ledger services: every refusal changes nothing; charges are idempotent; balances add up."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abitare.accounts.models import Role
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.core.append_only import AppendOnlyError
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.tenancies.models import LedgerEntry, WriteOffRequest
from abitare.tenancies.selectors.ledger import balance_of, balances_by_tenancy, statement_for
from abitare.tenancies.services import ledger, ledger_batch

JAN = datetime.date(2025, 1, 1)


def _count() -> int:
    return LedgerEntry.objects.count()


@pytest.mark.parametrize("amount", ["0", "-5", "0.001", "abc"])
def test_a_payment_of_zero_or_less_is_refused_and_nothing_is_recorded(tenancy, operator, amount):
    with pytest.raises(DomainError) as refused:
        ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount=amount, value_date=JAN)

    assert refused.value.field == "amount"
    assert refused.value.code in {"amount_not_positive", "amount_invalid"}
    assert _count() == 0


def test_a_payment_is_a_credit_recorded_with_its_author(tenancy, operator):
    entry = ledger.payment_record(
        actor=acting(operator),
        tenancy=tenancy,
        amount="120.50",
        value_date=JAN,
        reference=tenancy.reference,
        payer_iban="it60 x054 2811 1010 0000 0123 456",
    )

    assert entry.kind == "payment"
    assert entry.signed_amount == Decimal("-120.50")
    assert entry.created_by == operator
    assert entry.payer_iban == "IT60X0542811101000000123456"
    assert balance_of(tenancy) == Decimal("-120.50")


def test_the_same_bank_line_is_recorded_once(tenancy, operator):
    ledger.payment_record(
        actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN, source="csv", source_ref="L1"
    )

    with pytest.raises(Conflict) as refused:
        ledger.payment_record(
            actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN, source="csv", source_ref="L1"
        )

    assert refused.value.code == "already_recorded"
    assert _count() == 1


def test_the_monthly_task_charges_each_month_once_however_often_it_runs(tenancy):
    first = ledger_batch.charges_issue_month(month=datetime.date(2025, 3, 17))
    second = ledger_batch.charges_issue_month(month=datetime.date(2025, 3, 1))

    assert first == 1
    assert second == 0
    charge = LedgerEntry.objects.get()
    assert charge.kind == "charge"
    assert charge.month == datetime.date(2025, 3, 1)
    assert charge.due_on == datetime.date(2025, 3, 5)
    assert charge.amount == Decimal("350.00")
    assert charge.created_by is None
    assert charge.source == "schedule"


def test_the_database_refuses_a_second_charge_for_a_month(tenancy, operator):

    ledger_batch.charges_issue_month(month=JAN)
    duplicate = LedgerEntry(
        organisation=tenancy.organisation,
        territory=tenancy.territory,
        tenancy=tenancy,
        kind="charge",
        amount=Decimal(1),
        signed_amount=Decimal(1),
        value_date=JAN,
        month=JAN,
        due_on=JAN,
        created_by=operator,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()

    assert _count() == 1


def test_a_charge_for_a_month_outside_the_tenancy_is_refused(tenancy, operator):
    with pytest.raises(DomainError) as refused:
        ledger.charge_post(actor=acting(operator), tenancy=tenancy, month=datetime.date(2024, 12, 1))

    assert refused.value.code == "month_outside_tenancy"
    assert refused.value.field == "month"
    assert _count() == 0


def test_a_month_charged_by_the_task_cannot_be_charged_again_by_hand(tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)

    with pytest.raises(Conflict) as refused:
        ledger.charge_post(actor=acting(operator), tenancy=tenancy, month=JAN)

    assert refused.value.code == "month_already_charged"
    assert _count() == 1


def test_a_reversal_nets_the_entry_to_zero_and_keeps_the_reason(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="99.99", value_date=JAN)

    reversal = ledger.entry_reverse(actor=acting(operator), entry=payment, reason="Wrong tenancy")

    assert reversal.signed_amount == Decimal("99.99")
    assert reversal.reverses == payment
    assert reversal.reason == "Wrong tenancy"
    assert balance_of(tenancy) == 0


def test_an_entry_already_reversed_cannot_be_reversed_again(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)
    ledger.entry_reverse(actor=acting(operator), entry=payment, reason="Mistake")

    with pytest.raises(Conflict) as refused:
        ledger.entry_reverse(actor=acting(operator), entry=payment, reason="Mistake again")

    assert refused.value.code == "already_reversed"
    assert str(refused.value.message) == gettext("This entry is already reversed.")
    assert _count() == 2


def test_a_reversal_needs_a_reason_and_cannot_itself_be_reversed(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)
    with pytest.raises(DomainError) as no_reason:
        ledger.entry_reverse(actor=acting(operator), entry=payment, reason="  ")
    reversal = ledger.entry_reverse(actor=acting(operator), entry=payment, reason="Mistake")
    with pytest.raises(DomainError) as twice:
        ledger.entry_reverse(actor=acting(operator), entry=reversal, reason="Undo")

    assert no_reason.value.code == "reason_required"
    assert twice.value.code == "reversal_of_reversal"
    assert _count() == 2


def test_a_corrected_charge_replaces_the_month_without_charging_it_twice(tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)
    charge = LedgerEntry.objects.get()

    corrected = ledger.charge_correct(actor=acting(operator), entry=charge, amount="300", reason="Rent lowered")
    again = ledger_batch.charges_issue_month(month=JAN)

    assert corrected.corrects == charge
    assert again == 0
    assert balance_of(tenancy) == Decimal("300.00")


def test_entries_are_never_edited_or_deleted(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)
    payment.amount = Decimal(20)

    with pytest.raises(AppendOnlyError):
        payment.save()
    with pytest.raises(AppendOnlyError):
        payment.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=payment.pk).update(amount=Decimal(30))
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get().amount == Decimal("10.00")


def test_only_a_coordinator_approves_a_write_off(tenancy, operator, coordinator):
    ledger_batch.charges_issue_month(month=JAN)
    request = ledger.write_off_request(actor=acting(operator), tenancy=tenancy, amount="100", reason="Hardship")

    with pytest.raises(NotAllowed):
        ledger.write_off_approve(actor=acting(operator), request=request)
    assert _count() == 1
    approved = ledger.write_off_approve(actor=acting(coordinator), request=request, note="OK")

    assert approved.status == WriteOffRequest.Status.APPROVED
    assert approved.entry.created_by == coordinator
    assert approved.entry.reason == "Hardship"
    assert balance_of(tenancy) == Decimal("250.00")
    with pytest.raises(Conflict):
        ledger.write_off_approve(actor=acting(coordinator), request=request)


def test_a_coordinator_of_another_organisation_cannot_approve(tenancy, operator, world):

    outsider = make_member(
        organisation=world.other_organisation,
        territory=world.other_district,
        role=Role.COORDINATOR,
        username="other_coordinator",
    )
    ledger_batch.charges_issue_month(month=JAN)
    request = ledger.write_off_request(actor=acting(operator), tenancy=tenancy, amount="10", reason="Hardship")

    with pytest.raises(NotAllowed):
        ledger.write_off_approve(actor=acting(outsider), request=request)

    request.refresh_from_db()
    assert request.status == WriteOffRequest.Status.PENDING
    assert _count() == 1


def test_more_than_is_owed_cannot_be_written_off(tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)

    with pytest.raises(DomainError) as refused:
        ledger.write_off_request(actor=acting(operator), tenancy=tenancy, amount="351", reason="Hardship")

    assert refused.value.code == "more_than_owed"
    assert WriteOffRequest.objects.count() == 0


def test_community_work_is_a_credit_posted_once_per_record(tenancy, operator):
    entry = ledger.community_work_credit(
        actor=acting(operator),
        tenancy=tenancy,
        amount="45",
        value_date=JAN,
        description="4 h green",
        source_ref="hours:1",
    )

    with pytest.raises(Conflict):
        ledger.community_work_credit(
            actor=acting(operator),
            tenancy=tenancy,
            amount="45",
            value_date=JAN,
            description="4 h",
            source_ref="hours:1",
        )
    assert entry.signed_amount == Decimal("-45.00")
    assert _count() == 1


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["charge", "payment", "community", "reverse"]),
        st.integers(min_value=1, max_value=100_000),
        st.integers(min_value=0, max_value=23),
    ),
    max_size=15,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_stored_balance_is_always_the_sum_of_the_entries(tenancy, operator, operations):

    with transaction.atomic():
        for operation, cents, month_index in operations:
            month = datetime.date(2025 + month_index // 12, month_index % 12 + 1, 1)
            amount = Decimal(cents) / 100
            # A refused operation (a month already charged, an entry already reversed) changes nothing.
            with contextlib.suppress(DomainError, Conflict):
                if operation == "charge":
                    ledger.charge_post(actor=acting(operator), tenancy=tenancy, month=month)
                elif operation == "payment":
                    ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount=amount, value_date=month)
                elif operation == "community":
                    ledger.community_work_credit(
                        actor=acting(operator),
                        tenancy=tenancy,
                        amount=amount,
                        value_date=month,
                        description="h",
                        source_ref="",
                    )
                else:
                    target = LedgerEntry.objects.filter(tenancy=tenancy).order_by("?").first()
                    if target is not None:
                        ledger.entry_reverse(actor=acting(operator), entry=target, reason="test")
        entries = list(LedgerEntry.objects.filter(tenancy=tenancy))
        expected = sum((e.signed_amount for e in entries), Decimal(0))

        assert balance_of(tenancy) == expected
        assert balances_by_tenancy().get(tenancy.pk, Decimal(0)) == expected
        assert statement_for(tenancy).closing == expected
        for entry in entries:
            assert entry.signed_amount == (entry.amount if entry.kind == "charge" else -entry.amount) or (
                entry.kind == "reversal" and entry.signed_amount == -entry.reverses.signed_amount
            )
        reversed_ids = [e.reverses_id for e in entries if e.reverses_id]
        assert len(reversed_ids) == len(set(reversed_ids))
        transaction.set_rollback(True)
