"""Statement import: matching by reference and IBAN, the unmatched queue, re-import adds nothing,
all-or-nothing on bad files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.registry.tests.factories import actor_of
from abitare.tenancies.models import BankCredit, BankStatement, LedgerEntry, PayerAccount
from abitare.tenancies.services.ledger_batch import NewPayment, payments_record_many
from abitare.tenancies.services.payments import credit_assign, credit_dismiss, payer_account_add, statement_import

DATA = Path(__file__).parent / "data"


def sample(tenancy, tenancy_b, name="camt053_001_02_sample.xml"):
    data = (DATA / name).read_bytes()
    return data.replace(b"REF-A", tenancy.reference.encode()).replace(b"REF-B", tenancy_b.reference.encode())


def counts():
    return (LedgerEntry.objects.count(), BankCredit.objects.count(), BankStatement.objects.count())


@pytest.fixture
def known_iban(membership, tenancy_c):
    return payer_account_add(actor=membership, tenancy=tenancy_c, iban="IT45 A020 0802 4350 0010 4428 964")


def test_import_matches_by_reference_and_iban_and_queues_the_rest(
    membership, tenancy, tenancy_b, tenancy_c, known_iban
):
    outcome = statement_import(actor=membership, data=sample(tenancy, tenancy_b), file_name="gennaio.xml")

    assert (outcome.matched, outcome.unmatched, outcome.duplicates, outcome.already_imported) == (3, 2, 0, False)
    payments = {entry.tenancy_id: entry for entry in LedgerEntry.objects.filter(kind="payment")}
    assert payments[tenancy.pk].amount == Decimal("450.00")
    assert payments[tenancy.pk].source == LedgerEntry.Source.CAMT053
    assert payments[tenancy.pk].source_ref == "2026010500001-1"
    assert payments[tenancy_b.pk].amount == Decimal("380.00")
    assert payments[tenancy_c.pk].amount == Decimal("320.00")
    by_iban = BankCredit.objects.get(tenancy=tenancy_c)
    assert by_iban.matched_by == BankCredit.MatchedBy.IBAN
    waiting = BankCredit.objects.filter(status=BankCredit.Status.UNMATCHED).order_by("amount")
    assert [(c.amount, c.unmatched_reason) for c in waiting] == [
        (Decimal("200.00"), BankCredit.Reason.INVALID_IBAN),
        (Decimal("300.00"), BankCredit.Reason.NO_CLUE),
    ]
    statement = outcome.statement
    assert (statement.credits_count, statement.matched_count, statement.ignored_count) == (5, 3, 2)
    assert statement.credits_total == Decimal("1650.00")


def test_importing_the_same_statement_twice_adds_nothing(membership, tenancy, tenancy_b):
    data = sample(tenancy, tenancy_b)
    first = statement_import(actor=membership, data=data)
    before = counts()

    again = statement_import(actor=membership, data=data)
    reformatted = statement_import(actor=membership, data=data.replace(b"  ", b" "))

    assert again.already_imported
    assert again.statement == first.statement
    assert reformatted.already_imported  # same message and statement id, other bytes
    assert counts() == before


def test_lines_known_from_another_statement_are_skipped(membership, tenancy, tenancy_b):
    statement_import(actor=membership, data=sample(tenancy, tenancy_b))
    csv = (
        "value_date;amount;reference;bank_reference\n"
        f"2026-01-05;450,00;{tenancy.reference};2026010500001-1\n"
        f"2026-02-05;350,00;{tenancy.reference};CRO-NEW\n"
    ).encode()

    outcome = statement_import(actor=membership, data=csv, file_name="extra.csv")

    assert (outcome.matched, outcome.duplicates) == (1, 1)
    assert LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").count() == 2


def test_version_08_statement(membership, tenancy, tenancy_b):
    outcome = statement_import(actor=membership, data=sample(tenancy, tenancy_b, "camt053_001_08_sample.xml"))

    assert (outcome.matched, outcome.unmatched) == (2, 0)


def test_a_malformed_statement_imports_nothing_and_says_where(membership, tenancy, tenancy_b):
    broken = sample(tenancy, tenancy_b).replace(b'<Amt Ccy="EUR">380.00</Amt>', b'<Amt Ccy="EUR">38O.00</Amt>')
    before = counts()

    with pytest.raises(ValidationFailed) as error:
        statement_import(actor=membership, data=broken)

    assert counts() == before
    (message,) = error.value.errors["file"]
    line = broken.split(b"\n").index(b'                <Amt Ccy="EUR">38O.00</Amt>') + 1
    assert str(line) in message
    assert "TxDtls/Amt" in message


def test_a_payment_of_zero_or_less_is_refused_and_nothing_changes(membership, tenancy):
    before = counts()
    data = f"value_date;amount;reference\n2026-01-05;450;{tenancy.reference}\n2026-01-06;0;{tenancy.reference}\n"

    with pytest.raises(ValidationFailed) as error:
        statement_import(actor=membership, data=data.encode())

    assert counts() == before
    assert any("amount" in message for message in error.value.errors["file"])


def test_tenancies_of_another_organisation_are_not_matched(world, other_org_operator, tenancy, tenancy_b):
    other = actor_of(other_org_operator)

    outcome = statement_import(actor=other, data=sample(tenancy, tenancy_b))

    assert outcome.matched == 0
    assert not LedgerEntry.objects.filter(kind="payment").exists()


def test_assign_an_unmatched_credit_and_remember_the_iban(membership, tenancy, tenancy_b, tenancy_c):
    statement_import(actor=membership, data=sample(tenancy, tenancy_b))
    credit = BankCredit.objects.get(payer_iban="IT45A0200802435000104428964")
    assert credit.status == BankCredit.Status.UNMATCHED

    assigned = credit_assign(actor=membership, credit=credit, tenancy=tenancy_c, remember_iban=True)

    assert assigned.status == BankCredit.Status.MATCHED
    assert assigned.matched_by == BankCredit.MatchedBy.OPERATOR
    assert assigned.entry.tenancy_id == tenancy_c.pk
    assert assigned.entry.amount == Decimal("320.00")
    assert PayerAccount.objects.filter(tenancy=tenancy_c, iban="IT45A0200802435000104428964").exists()
    with pytest.raises(Conflict):
        credit_assign(actor=membership, credit=credit, tenancy=tenancy)


def test_an_invalid_iban_cannot_be_remembered(membership, tenancy, tenancy_b, tenancy_c):
    statement_import(actor=membership, data=sample(tenancy, tenancy_b))
    credit = BankCredit.objects.get(payer_iban="IT00A0000000000000000000000")
    before = counts()

    with pytest.raises(DomainError) as error:
        credit_assign(actor=membership, credit=credit, tenancy=tenancy_c, remember_iban=True)

    assert error.value.field == "remember_iban"
    assert counts() == before
    assert BankCredit.objects.get(pk=credit.pk).status == BankCredit.Status.UNMATCHED


def test_mark_a_credit_as_not_ours(membership, tenancy, tenancy_b):
    statement_import(actor=membership, data=sample(tenancy, tenancy_b))
    credit = BankCredit.objects.filter(status=BankCredit.Status.UNMATCHED).first()

    with pytest.raises(DomainError):
        credit_dismiss(actor=membership, credit=credit, note=" ")
    dismissed = credit_dismiss(actor=membership, credit=credit, note="Contributo della parrocchia")

    assert dismissed.status == BankCredit.Status.NOT_OURS
    assert dismissed.entry is None


def test_payer_iban_is_validated(membership, tenancy):
    with pytest.raises(DomainError) as error:
        payer_account_add(actor=membership, tenancy=tenancy, iban="IT60X0542811101000000123457")

    assert error.value.field == "iban"


def test_bulk_payments_are_refused_whole(operator, tenancy, tenancy_b):

    day = tenancy.starts_on
    good = NewPayment(tenancy.pk, Decimal("10.00"), day, LedgerEntry.Source.CSV, "B-1")
    payments_record_many(actor=acting(operator), payments=[good])

    with pytest.raises(Conflict):  # the same bank line again
        payments_record_many(
            actor=acting(operator),
            payments=[NewPayment(tenancy_b.pk, Decimal("5.00"), day, LedgerEntry.Source.CSV, "B-2"), good],
        )
    with pytest.raises(DomainError):  # zero
        payments_record_many(
            actor=acting(operator),
            payments=[NewPayment(tenancy_b.pk, Decimal("0.00"), day, LedgerEntry.Source.CSV, "B-3")],
        )

    assert list(LedgerEntry.objects.values_list("source_ref", flat=True)) == ["B-1"]
