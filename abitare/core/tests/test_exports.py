"""The list-export writers: CSV for Italian spreadsheet programs and streamed XLSX, both with
formula-like text kept as text, dates as dates and amounts as numbers; the purge of old files."""

from __future__ import annotations

import csv
import datetime
import io
import os
import time
from decimal import Decimal

from django.http import QueryDict
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from abitare.core.exports import (
    Column,
    export_folder,
    exports_purge,
    page_params,
    registered_exports,
)
from abitare.core.spreadsheets import stream_csv, stream_xlsx

COLUMNS = [
    Column("Nome", lambda row: row[0]),
    Column("Data", lambda row: row[1]),
    Column("Importo", lambda row: row[2], "#,##0.00"),
]
ROWS = [('=HYPERLINK("http://x")', datetime.date(2026, 12, 5), Decimal("2340.00")), ("Anna", None, Decimal("-1.5"))]


def test_csv_is_semicolon_separated_with_a_bom_and_neutralised_text():
    seen: list[object] = []
    target = io.BytesIO()
    stream_csv(target, COLUMNS, ROWS, seen.append)
    raw = target.getvalue()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nome", "Data", "Importo"]
    assert rows[1] == ['\'=HYPERLINK("http://x")', "05/12/2026", "2340.00"]
    assert rows[2] == ["Anna", "", "-1.5"]
    assert len(seen) == 2


def test_xlsx_is_streamed_with_text_never_a_formula():
    target = io.BytesIO()
    stream_xlsx(target, "Elenco", COLUMNS, ROWS, lambda row: None)
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    assert isinstance(sheet, Worksheet)
    assert sheet.title == "Elenco"
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert sheet["B2"].is_date
    assert sheet["B2"].value == datetime.datetime(2026, 12, 5)
    assert sheet["C2"].value == 2340
    assert sheet["C2"].number_format == "#,##0.00"
    assert sheet["A1"].font.bold


def test_page_params_drop_the_page_and_the_switch():
    params = page_params(QueryDict("q=rossi&page=3&export=csv&status=open"))
    assert params.urlencode() == "q=rossi&status=open"


def test_every_list_the_issue_names_is_exported():
    names = {export.name for export in registered_exports()}
    assert names >= {
        "registry.households",
        "registry.persons",
        "matching.applications",
        "matching.offers",
        "tenancies.tenancies",
        "tenancies.arrears",
        "tenancies.plans",
        "tenancies.community_hours",
        "labs.volunteers",
        "accounts.access_log",
    }


def test_files_older_than_a_day_are_purged(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    old, fresh = export_folder() / "old.xlsx", export_folder() / "fresh.csv"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    assert exports_purge() == 1
    assert not old.exists()
    assert fresh.exists()
