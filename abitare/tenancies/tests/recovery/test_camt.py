"""The camt.053 reader on synthetic statements in the ISO 20022 shapes 001.02 and 001.08."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from abitare.tenancies.recovery.camt import parse_camt053
from abitare.tenancies.recovery.statements import StatementError

DATA = Path(__file__).parent / "data"


def sample(name: str = "camt053_001_02_sample.xml") -> bytes:
    return (DATA / name).read_bytes()


def test_001_02_sample_gives_each_booked_credit_and_leaves_out_debits_and_pending():
    statement = parse_camt053(sample())

    assert statement.file_format == "camt.053.001.02"
    assert statement.message_id == "CAMT053-20260131-0001"
    assert statement.statement_id == "STMT-2026-01"
    assert statement.account_iban == "IT60X0542811101000000123456"
    assert statement.ignored_debits == 1
    assert statement.ignored_not_booked == 1
    assert [credit.amount for credit in statement.credits] == [
        Decimal("450.00"),
        Decimal("380.00"),
        Decimal("320.00"),
        Decimal("300.00"),
        Decimal("200.00"),
    ]
    assert statement.total == Decimal("1650.00")


def test_001_02_sample_carries_references_ibans_and_bank_references():
    first, batch_one, batch_two, batch_three, last = parse_camt053(sample()).credits

    assert first.remittance == "CANONE GENNAIO 2026 RIF. REF-A"
    assert first.end_to_end_id == ""  # NOTPROVIDED is no reference
    assert first.payer_iban == "IT73A0306909606100000063144"
    assert first.payer_name == "Mario Rossi"
    assert first.bank_reference == "2026010500001-1"
    assert first.value_date == datetime.date(2026, 1, 5)
    assert batch_one.end_to_end_id == "REF-B"
    assert batch_one.value_date == datetime.date(2026, 1, 9)
    assert batch_one.booking_date == datetime.date(2026, 1, 10)
    assert batch_two.payer_iban == "IT45A0200802435000104428964"
    assert batch_three.payer_iban == ""
    assert (
        len({first.bank_reference, batch_one.bank_reference, batch_two.bank_reference, batch_three.bank_reference}) == 4
    )
    assert last.bank_reference == "2026012000004"  # the transaction has no bank ref: the entry's
    assert last.amount == Decimal("200.00")  # single transaction without amount: the entry's
    assert last.line is not None
    assert first.line is not None
    assert last.line > first.line


def test_001_08_sample_reads_the_newer_shapes():
    statement = parse_camt053(sample("camt053_001_08_sample.xml"))

    assert statement.file_format == "camt.053.001.08"
    assert [(c.amount, c.payer_name, c.end_to_end_id) for c in statement.credits] == [
        (Decimal("450.00"), "Mario Rossi", "REF-A"),
        (Decimal("410.00"), "Giulia Bianchi", ""),
    ]
    assert statement.ignored_debits == 1


def test_the_same_file_gives_the_same_hash_and_references():
    one, two = parse_camt053(sample()), parse_camt053(sample())

    assert one.file_hash == two.file_hash
    assert [c.bank_reference for c in one.credits] == [c.bank_reference for c in two.credits]


def test_entries_without_any_bank_reference_get_distinct_stable_references():
    data = sample().replace(b"<AcctSvcrRef>", b"<NtryRef>").replace(b"</AcctSvcrRef>", b"</NtryRef>")
    data = data.replace(b"<Refs>\n              <NtryRef>", b"<Refs>\n              <InstrId>")
    data = data.replace(b"</NtryRef>\n              <EndToEndId>", b"</InstrId>\n              <EndToEndId>")
    data = data.replace(b"</NtryRef>\n              <TxId>", b"</InstrId>\n              <TxId>")
    references = [c.bank_reference for c in parse_camt053(data).credits]

    assert all(reference.startswith("h:") for reference in references)
    assert len(set(references)) == len(references)
    assert references == [c.bank_reference for c in parse_camt053(data).credits]


def test_malformed_xml_is_refused_with_its_line():
    broken = sample().replace(b"</Amt>\n        <CdtDbtInd>DBIT", b"</Amount>\n        <CdtDbtInd>DBIT")

    with pytest.raises(StatementError) as error:
        parse_camt053(broken)

    (problem,) = error.value.problems
    expected_line = sample().split(b"\n").index(b'        <Amt Ccy="EUR">120.50</Amt>') + 1
    assert problem.element == "XML"
    assert problem.line == expected_line
    assert str(expected_line) in str(error.value)


def test_schema_problems_are_all_reported_with_line_and_element():
    lines = sample().decode().split("\n")
    bad = sample().replace(
        b'<Amt Ccy="EUR">450.00</Amt>\n        <CdtDbtInd>CRDT', b'<Amt Ccy="EUR">4x0</Amt>\n        <CdtDbtInd>CRDT'
    )
    bad = bad.replace(b'<Amt Ccy="EUR">320.00</Amt>', b'<Amt Ccy="EUR">0.00</Amt>')
    bad = bad.replace(b"<MsgId>CAMT053-20260131-0001</MsgId>", b"<MsgId></MsgId>")

    with pytest.raises(StatementError) as error:
        parse_camt053(bad)

    found = {(problem.line, problem.element) for problem in error.value.problems}
    assert (lines.index('        <Amt Ccy="EUR">450.00</Amt>') + 1, "Ntry/Amt") in found
    assert (lines.index('                <Amt Ccy="EUR">320.00</Amt>') + 1, "TxDtls/Amt") in found
    assert any(element == "BkToCstmrStmt/GrpHdr/MsgId" for _, element in found)


def test_batch_amounts_must_add_up_to_the_entry():
    bad = sample().replace(b'<Amt Ccy="EUR">300.00</Amt>', b'<Amt Ccy="EUR">299.00</Amt>')

    with pytest.raises(StatementError) as error:
        parse_camt053(bad)

    assert [problem.element for problem in error.value.problems] == ["Ntry/Amt"]


def test_foreign_currency_is_refused():
    bad = sample().replace(b'<Amt Ccy="EUR">200.00</Amt>', b'<Amt Ccy="CHF">200.00</Amt>')

    with pytest.raises(StatementError) as error:
        parse_camt053(bad)

    assert [problem.element for problem in error.value.problems] == ["Ntry/Amt"]


def test_another_message_is_refused():
    other = sample().replace(b"camt.053.001.02", b"pain.001.001.03")

    with pytest.raises(StatementError) as error:
        parse_camt053(other)

    assert error.value.problems[0].element == "Document"


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>'
    )

    with pytest.raises(StatementError) as error:
        parse_camt053(bomb)

    assert error.value.problems[0].element == "XML"
