"""The CSV template for banks that cannot export camt.053: one incoming transfer per row.

Columns (header row required, order free, ``;`` or ``,`` separated, UTF-8):
``value_date`` (YYYY-MM-DD or DD/MM/YYYY), ``amount`` (450.00, 450,00 or 1.234,56; more than
zero), ``reference`` (the remittance text), ``payer_iban``, ``payer_name``, ``bank_reference``
(the bank's own id of the transfer: strongly advised, it is what makes a re-import recognise
the line; without it a digest of the row stands in). Every wrong row and column is reported
and nothing is imported.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils.translation import gettext as _

from abitare.core import spreadsheets, uploads
from abitare.tenancies.recovery.statements import (
    Credit,
    ParsedStatement,
    Problem,
    StatementError,
    derived_reference,
    file_hash,
    normalise_iban,
    parse_amount,
)

COLUMNS = ["value_date", "amount", "reference", "payer_iban", "payer_name", "bank_reference"]
REQUIRED = ("value_date", "amount")


def template_csv() -> str:
    example = ["2026-01-05", "450,00", "Canone gennaio LOC-000001", "IT60X0542811101000000123456", "Mario Rossi"]
    example.append("CRO 0001")
    return spreadsheets.csv_text([COLUMNS, example], delimiter=";")


def _date(value: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_csv(data: bytes) -> ParsedStatement:
    """Read the CSV template; raise :class:`StatementError` listing every bad row (nothing is taken)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StatementError([Problem(None, "file", uploads.encoding_error())]) from error
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    problems = [Problem(1, name, _("This column is required.")) for name in REQUIRED if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    problems.extend(
        Problem(1, name, _("Unknown column; the columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
        for name in unknown
    )
    if problems:
        raise StatementError(problems)
    statement = ParsedStatement(file_hash=file_hash(data), file_format="csv")
    occurrences: dict[tuple[object, ...], int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if number > uploads.max_rows() + 1:  # row 1 is the header
            problems.append(Problem(number, "file", uploads.rows_error()))
            break
        row = {
            name: (spreadsheets.unquote(values[index].strip()) if index < len(values) else "")
            for index, name in enumerate(header)
        }
        credit = _row(number, row, problems, occurrences)
        if credit is not None:
            statement.credits.append(credit)
    if not statement.credits and not problems:
        problems.append(Problem(None, "file", _("The file has no data rows.")))
    if problems:
        raise StatementError(problems)
    return statement


def _row(
    number: int, row: dict[str, str], problems: list[Problem], occurrences: dict[tuple[object, ...], int]
) -> Credit | None:
    found = len(problems)
    problems.extend(Problem(number, name, _("This field is required.")) for name in REQUIRED if not row.get(name))
    value_date = _date(row.get("value_date", ""))
    if row.get("value_date") and value_date is None:
        problems.append(Problem(number, "value_date", _("Write the date as YYYY-MM-DD or DD/MM/YYYY.")))
    amount = parse_amount(row.get("amount", ""))
    if row.get("amount") and amount is None:
        problems.append(
            Problem(number, "amount", _("'%(value)s' is not an amount in euro.") % {"value": row["amount"]})
        )
    elif amount is not None and amount <= 0:
        problems.append(
            Problem(number, "amount", _("A payment must be more than zero: '%(value)s'.") % {"value": row["amount"]})
        )
    if len(problems) > found or value_date is None or amount is None:
        return None
    payer_iban = normalise_iban(row.get("payer_iban", ""))
    remittance = row.get("reference", "")
    bank_reference = row.get("bank_reference", "")
    if not bank_reference:
        key: tuple[object, ...] = (value_date, amount, remittance, payer_iban)
        occurrences[key] = occurrences.get(key, 0) + 1
        bank_reference = derived_reference(*key, occurrences[key])
    return Credit(
        bank_reference=bank_reference[:140],
        amount=amount,
        value_date=value_date,
        remittance=remittance[:500],
        payer_iban=payer_iban,
        payer_name=row.get("payer_name", "")[:140],
        line=number,
    )
