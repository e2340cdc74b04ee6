"""The one writer of spreadsheet cells (XLSX and CSV) for every export of the project.

A spreadsheet program runs text that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
a tab or carriage return in front can hide it: a payment reference typed as
``=HYPERLINK("http://...")`` would become a live link in the rent statement (CSV or formula
injection, see docs/modules/core.md). Text that starts with one of those characters is written
as literal text: in XLSX as a string cell marked with the quote prefix (the cell shows the text
unchanged and is never evaluated, even after editing), in CSV with a single quote in front.
Numbers, amounts and dates stay numbers and dates, so sums and filters still work; a negative
amount is a number and is written as such.

Importers read back what the exports write: :func:`unquote` drops the single quote that
:func:`csv_text` put in front.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO, cast

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet program may take as the start of a formula or of a hidden one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

PlainValue = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None
CellValue = PlainValue | Promise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD/MM/YYYY"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as (the start of) a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def _text(value: CellValue) -> PlainValue:
    return str(value) if isinstance(value, Promise) else value


def neutralise(value: CellValue) -> PlainValue:
    """The value as a CSV cell: text that could start a formula gets a single quote in front;
    numbers, dates, booleans and empty cells are returned as they are."""
    plain = _text(value)
    if isinstance(plain, str) and is_formula_like(plain):
        return QUOTE + plain
    return plain


def unquote(text: str) -> str:
    """Undo :func:`neutralise` on a cell read from an imported file: ``'=x`` becomes ``=x``.

    A quote in front of anything else is the user's own text and stays."""
    if text.startswith(QUOTE) and is_formula_like(text[1:]):
        return text[1:]
    return text


# XLSX ---------------------------------------------------------------------------------------


class Sheet:
    """A new worksheet filled row by row, every cell through :meth:`append`."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self.row = 0

    def append(
        self,
        values: Sequence[CellValue],
        *,
        number_formats: dict[int, str] | None = None,
        bold: bool = False,
    ) -> None:
        """Write the next row; ``number_formats`` maps 0-based column indexes to formats.
        Text is always a string cell (never a formula), marked with the quote prefix when it
        could start one."""
        self.row += 1
        formats = number_formats or {}
        for index, value in enumerate(values):
            plain = _text(value)
            cell = self.worksheet.cell(row=self.row, column=index + 1)
            cell.value = plain
            if isinstance(plain, str):
                # openpyxl takes a leading "=" for a formula; this cell is text whatever it starts with.
                cell.data_type = "s"
                cell.quotePrefix = is_formula_like(plain)
            if plain is not None and index in formats:
                cell.number_format = formats[index]
            if bold:
                cell.font = Font(bold=True)

    def widths(self, *widths: float) -> None:
        """Column widths from column A on, in characters."""
        for index, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width


class Spreadsheet:
    """An XLSX workbook of :class:`Sheet` objects."""

    def __init__(self) -> None:
        self.book = Workbook()
        self._used_first = False

    def sheet(self, title: str | Promise) -> Sheet:
        """A new sheet (the workbook's first, empty one is used first); titles are cut to 31 characters."""
        if self._used_first:
            worksheet = self.book.create_sheet()
        else:
            active = self.book.active
            assert isinstance(active, Worksheet)
            worksheet, self._used_first = active, True
        worksheet.title = str(title)[:31]
        return Sheet(worksheet)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


# CSV ----------------------------------------------------------------------------------------


def _csv_value(value: CellValue) -> CellValue:
    value = neutralise(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def csv_text(rows: Iterable[Sequence[CellValue]], *, delimiter: str = ",") -> str:
    """Rows as CSV text, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()


# Streamed writers (list exports, abitare.core.exports) -------------------------------------


def _csv_cell(value: CellValue) -> CellValue:
    value = neutralise(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def stream_csv(target: BinaryIO, columns: Sequence[Any], rows: Iterable[Any], on_row: Callable[[Any], None]) -> None:
    """CSV with a semicolon (the separator Italian spreadsheet programs open directly), UTF-8
    with a byte-order mark, dates as dd/mm/yyyy, text that could start a formula neutralised."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";")
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(column.value(row)) for column in columns])
        on_row(row)
    text.flush()
    text.detach()


def _xlsx_cell(sheet: Any, value: CellValue, number_format: str) -> Any:
    plain = str(value) if isinstance(value, Promise) else value
    if isinstance(plain, datetime.datetime) and timezone.is_aware(plain):
        plain = timezone.localtime(plain).replace(tzinfo=None)
    # The stubs leave out dates and Decimals, which openpyxl writes as dates and numbers.
    cell = WriteOnlyCell(sheet, value=cast(Any, plain))
    if isinstance(plain, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.quotePrefix = is_formula_like(plain)
    elif isinstance(plain, datetime.date):
        cell.number_format = number_format or (DATE_FORMAT + (" hh:mm" if isinstance(plain, datetime.datetime) else ""))
    elif number_format and plain is not None:
        cell.number_format = number_format
    return cell


def stream_xlsx(
    target: BinaryIO, title: str, columns: Sequence[Any], rows: Iterable[Any], on_row: Callable[[Any], None]
) -> None:
    """XLSX written as it goes (openpyxl's write-only mode keeps no rows in memory)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Export")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column.value(row), column.number_format) for column in columns])
        on_row(row)
    book.save(target)
