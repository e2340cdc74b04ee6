"""The CSV template reader: every wrong row and column reported, nothing taken."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from abitare.tenancies.recovery.csv_template import parse_csv, template_csv
from abitare.tenancies.recovery.statements import StatementError, parse_amount


def test_the_template_itself_reads():
    statement = parse_csv(template_csv().encode())

    (credit,) = statement.credits
    assert credit.amount == Decimal("450.00")
    assert credit.bank_reference == "CRO 0001"
    assert statement.file_format == "csv"


def test_the_template_is_written_by_the_spreadsheet_writer():
    assert template_csv().splitlines()[0] == "value_date;amount;reference;payer_iban;payer_name;bank_reference"


def test_a_reference_quoted_by_a_spreadsheet_export_is_read_without_the_quote():
    data = b'value_date;amount;reference;bank_reference\n2026-01-05;450,00;\'=HYPERLINK("x");B1\n'

    (credit,) = parse_csv(data).credits

    assert credit.remittance == '=HYPERLINK("x")'


def test_rows_with_comma_separator_and_italian_amounts():
    data = (
        b"value_date,amount,reference,payer_iban,bank_reference\n"
        b'05/01/2026,"1.234,56",REF-A,IT60 X054 2811 1010 0000 0123 456,B1\n'
        b"2026-01-06,80,,,\n"
        b"2026-01-06,80,,,\n"
    )

    statement = parse_csv(data)

    first, second, third = statement.credits
    assert first.value_date == datetime.date(2026, 1, 5)
    assert first.amount == Decimal("1234.56")
    assert first.payer_iban == "IT60X0542811101000000123456"
    assert second.bank_reference.startswith("h:")
    assert second.bank_reference != third.bank_reference


def test_bad_rows_are_all_reported():
    data = b"value_date;amount\n2026-13-01;10\n2026-01-01;0\n2026-01-01;-5\n;abc\n"

    with pytest.raises(StatementError) as error:
        parse_csv(data)

    assert [(p.line, p.element) for p in error.value.problems] == [
        (2, "value_date"),
        (3, "amount"),
        (4, "amount"),
        (5, "value_date"),
        (5, "amount"),
    ]


def test_missing_and_unknown_columns():
    with pytest.raises(StatementError) as error:
        parse_csv(b"date;amount;colour\n2026-01-01;10;red\n")

    assert {(p.line, p.element) for p in error.value.problems} == {(1, "value_date"), (1, "date"), (1, "colour")}


def test_an_empty_file_and_a_binary_file_are_refused():
    with pytest.raises(StatementError):
        parse_csv(b"value_date;amount\n")
    with pytest.raises(StatementError):
        parse_csv(b"\xff\xfe\x00binary")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("450", "450.00"),
        ("450.5", "450.50"),
        ("450,05", "450.05"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("€ 12,00", "12.00"),
        ("-3,00", "-3.00"),
    ],
)
def test_amounts(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "12,345,6", "1e5", "12.34.567", "0,123"])
def test_not_amounts(text):
    assert parse_amount(text) is None


# Limits shared with every import (core/uploads.py) ------------------------------------------------


def test_a_statement_in_another_encoding_is_explained_in_italian():
    data = "value_date;amount;reference;bank_reference\n2026-01-05;450,00;Affitto però;B1\n".encode("cp1252")

    with translation.override("it"), pytest.raises(StatementError) as caught:
        parse_csv(data)

    assert "non è nella codifica UTF-8" in caught.value.report()


def test_a_statement_past_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    data = b"value_date;amount;reference;bank_reference\n" + b"".join(
        f"2026-01-0{n};10,00;R{n};B{n}\n".encode() for n in range(1, 5)
    )

    with pytest.raises(StatementError) as caught:
        parse_csv(data)

    assert [(problem.line, problem.element) for problem in caught.value.problems] == [(4, "file")]


def test_the_statement_report_stops_after_the_error_limit(settings):
    settings.IMPORT_MAX_ERRORS = 3
    data = b"value_date;amount;reference;bank_reference\n" + b"".join(
        f"nodate;10,00;R{n};B{n}\n".encode() for n in range(1, 11)
    )

    with pytest.raises(StatementError) as caught:
        parse_csv(data)

    lines = caught.value.report().splitlines()
    assert len(lines) == 4
    assert lines[-1] == "... e altri 7 errori."
