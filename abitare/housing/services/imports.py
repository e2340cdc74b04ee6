"""Import of the housing stock from CSV or XLSX, all-or-nothing, like the import of people.

The file is streamed and checked whole first (``import_checks``): every bad row and field is
reported and nothing is written. Only a clean file is written, in one transaction, in chunks.
The columns are documented in docs/modules/housing.md and in the downloadable template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history

from abitare.accounts.models import Membership
from abitare.core import spreadsheets, uploads
from abitare.core.tasks import progress_fail, progress_finish, progress_update
from abitare.housing.models import Building, Unit
from abitare.housing.services.import_checks import COLUMNS, StockRowChecker
from abitare.registry.services.import_checks import RowError
from abitare.registry.services.imports import rows_from_csv, rows_from_xlsx

PROGRESS_EVERY = 500
WRITE_CHUNK = 1000
EXAMPLE = [
    ["ED01", "Case di Via Roma", "Via Roma 1", "San Vito", "municipality", "", "E715", "12", "345", "C", "yes", "yes",
     "1A", "1", "yes", "3", "2", "68,5", "4", "no", "no", "no", "service_contract", "310,00", "45,00", "available",
     "3"],
    ["ED01", "", "", "", "", "", "", "", "", "", "", "", "2B", "2", "yes", "2", "1", "48", "2", "no", "no", "no", "",
     "250", "40", "to_renovate", "7"],
]  # fmt: skip


@dataclass
class StockImportResult:
    errors: list[RowError] = field(default_factory=list)
    buildings: int = 0
    units: int = 0
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors_total(self) -> int:
        return max(self.error_count, len(self.errors))

    def report(self) -> str:
        return "\n".join(uploads.capped([str(error) for error in self.errors], self.errors_total))


def template_csv() -> str:
    return spreadsheets.csv_text([COLUMNS, *EXAMPLE])


def template_xlsx() -> bytes:
    book = spreadsheets.Spreadsheet()
    sheet = book.sheet(_("Stock"))
    sheet.append(COLUMNS, bold=True)
    for row in EXAMPLE:
        sheet.append(row)
    sheet.widths(*[max(12, len(name) + 2) for name in COLUMNS])
    return book.to_bytes()


def stock_import(
    *, actor: Membership, rows: Iterable[dict[str, str]], progress_id: Any = None, total: int = 0
) -> StockImportResult:
    """Check every row, then write all new buildings and units in one transaction, or nothing.
    A file past ``IMPORT_MAX_ROWS`` rows is refused at the first row beyond the limit."""
    checker = StockRowChecker(actor)
    count = 0
    limit = uploads.max_rows()
    for count, row in enumerate(rows, start=1):
        if count > limit:
            checker.add([RowError(count + 1, "file", uploads.rows_error())])
            break
        checker.check(count + 1, row)  # row 1 is the header
        if progress_id and count % PROGRESS_EVERY == 0:
            progress_update(progress_id, done=count, total=max(total, count), message=_("Checking rows..."))
    if count == 0:
        checker.add([RowError(1, "file", _("The file has no data rows."))])
    if not checker.errors:
        checker.check_existing()
    if checker.errors:
        return StockImportResult(errors=checker.errors, error_count=checker.error_count)
    if progress_id:
        progress_update(progress_id, done=count, total=count, message=_("Writing..."))
    return _write(actor, checker)


@transaction.atomic
def _write(actor: Membership, checker: StockRowChecker) -> StockImportResult:
    user = actor.user
    new = list(checker.new.values())
    buildings = bulk_create_with_history(
        [item.building for item in new], Building, batch_size=WRITE_CHUNK, default_user=user
    )
    units: list[Unit] = []
    for item, building in zip(new, buildings, strict=True):
        for unit in item.units:
            unit.building = building
            units.append(unit)
    for code, unit, _row in checker.units_existing:
        unit.building = checker.existing[code]
        units.append(unit)
    for start in range(0, len(units), WRITE_CHUNK):
        bulk_create_with_history(units[start : start + WRITE_CHUNK], Unit, batch_size=WRITE_CHUNK, default_user=user)
    return StockImportResult(buildings=len(buildings), units=len(units))


def stock_import_file(*, actor: Membership, path: Path, file_format: str, progress_id: Any = None) -> StockImportResult:
    """Import a stored file; a file in another encoding or not a workbook is one clear error on ``file``."""
    if file_format == "xlsx":
        if not _is_workbook(path):
            return StockImportResult(errors=[RowError(1, "file", uploads.workbook_error())])
        return stock_import(actor=actor, rows=rows_from_xlsx(path), progress_id=progress_id)
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return stock_import(actor=actor, rows=rows_from_csv(stream), progress_id=progress_id)
    except UnicodeDecodeError:
        return StockImportResult(errors=[RowError(1, "file", uploads.encoding_error())])


def stock_import_run(*, progress_id: str, actor_id: int, path: str, file_format: str) -> StockImportResult:
    """The background task's body: read the stored upload, import it, report, delete the file."""
    actor = Membership.objects.select_related("organisation", "territory", "user").get(pk=actor_id)
    file_path = Path(path)
    try:
        result = stock_import_file(actor=actor, path=file_path, file_format=file_format, progress_id=progress_id)
    except Exception as exc:  # a broken file must end the progress bar, not leave it spinning
        progress_fail(progress_id, message=_("The file could not be read: %(error)s") % {"error": exc})
        raise
    finally:
        file_path.unlink(missing_ok=True)
    if result.ok:
        progress_finish(
            progress_id,
            message=_("Imported %(buildings)s new buildings and %(units)s units.")
            % {"buildings": result.buildings, "units": result.units},
        )
    else:
        progress_fail(
            progress_id,
            message=_("Nothing was imported: %(n)s errors.\n%(report)s")
            % {"n": result.errors_total, "report": result.report()},
        )
    return result


def _is_workbook(file_path: Path) -> bool:
    try:
        load_workbook(file_path, read_only=True).close()
    except (BadZipFile, InvalidFileException, KeyError, OSError):
        return False
    return True
