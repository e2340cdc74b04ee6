"""Import of households and persons from CSV or XLSX, all-or-nothing.

The file is streamed (csv reader / openpyxl read-only) and checked whole first: every bad row and
field is reported and nothing is written (``services.import_checks``). Only a clean file is
written, in one transaction.
The columns are documented in docs/modules/registry.md and in the downloadable template.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
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
from abitare.registry.models import Household, HouseholdMember, Person
from abitare.registry.services.import_checks import HouseholdRows, RowChecker, RowError

COLUMNS = [
    "household_code",
    "household_name",
    "address",
    "territory",
    "relationship",
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "codice_fiscale",
    "birth_place",
    "citizenship",
    "phone",
    "email",
]
PROGRESS_EVERY = 500
WRITE_CHUNK = 500


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    households: int = 0
    persons: int = 0
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors_total(self) -> int:
        """Every error found; ``errors`` keeps only the first ``IMPORT_MAX_ERRORS``."""
        return max(self.error_count, len(self.errors))

    def report(self) -> str:
        return "\n".join(uploads.capped([str(error) for error in self.errors], self.errors_total))


def template_csv() -> str:
    return spreadsheets.csv_text(
        [
            COLUMNS,
            [
                "F001",
                "Famiglia Rossi",
                "Via Roma 1",
                "San Vito",
                "reference",
                "Mario",
                "Rossi",
                "1983-11-18",
                "M",
                "RCCMNL83S18D969H",
                "Lucca",
                "IT",
                "+39 0583 000000",
                "",
            ],
            ["F001", "", "", "San Vito", "child", "Giulia", "Rossi", "2015-03-02", "F", "", "Lucca", "IT", "", ""],
        ]
    )


def rows_from_csv(stream: Iterable[str]) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(stream, delimiter=_sniff_delimiter(stream))
    for row in reader:
        yield {
            (key or "").strip().lower(): spreadsheets.unquote((value or "").strip())
            for key, value in row.items()
            if key
        }


def _sniff_delimiter(stream: Any) -> str:
    # Italian spreadsheets save CSV with ";"; peek at the header without consuming it.
    if hasattr(stream, "seek") and hasattr(stream, "tell"):
        position = stream.tell()
        header = stream.readline()
        stream.seek(position)
        return ";" if header.count(";") > header.count(",") else ","
    return ","


def rows_from_xlsx(path: Path | str) -> Iterator[dict[str, str]]:

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(rows, ())]
        for values in rows:
            if values is None or all(value in (None, "") for value in values):
                continue
            yield {key: _cell(value) for key, value in zip(header, values, strict=False) if key}
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheets.unquote(str(value).strip())


def people_import(
    *, actor: Membership, rows: Iterable[dict[str, str]], progress_id: Any = None, total: int = 0
) -> ImportResult:
    """Check every row, then write all households and persons in one transaction, or nothing.
    A file past ``IMPORT_MAX_ROWS`` rows is refused at the first row beyond the limit."""
    checker = RowChecker(actor)
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
        checker.check_existing_codes()
    if checker.errors:
        return ImportResult(errors=checker.errors, error_count=checker.error_count)
    if progress_id:
        progress_update(progress_id, done=count, total=count, message=_("Writing..."))
    return _write(actor, checker)


@transaction.atomic
def _write(actor: Membership, checker: RowChecker) -> ImportResult:
    """Write the checked households in chunks (one transaction), so memory stays flat."""
    result = ImportResult()
    chunk: list[HouseholdRows] = []
    for household_data in checker.households.values():
        chunk.append(household_data)
        if len(chunk) == WRITE_CHUNK:
            result.persons += _write_chunk(actor, checker, chunk)
            result.households += len(chunk)
            chunk = []
    if chunk:
        result.persons += _write_chunk(actor, checker, chunk)
        result.households += len(chunk)
    return result


def _write_chunk(actor: Membership, checker: RowChecker, chunk: list[HouseholdRows]) -> int:
    households: list[Household] = []
    persons: list[Person] = []
    links: list[tuple[int, int, str]] = []
    for household_data in chunk:
        households.append(
            Household(
                organisation_id=actor.organisation_id,
                territory=household_data.territory,
                name=household_data.name,
                address=household_data.address,
            )
        )
        for values, relationship in household_data.members:
            district_id = checker.district_id(values["territory"])
            persons.append(Person(organisation_id=actor.organisation_id, district_id=district_id, **values))
            links.append((len(households) - 1, len(persons) - 1, relationship))
    user = actor.user
    created_households = bulk_create_with_history(households, Household, batch_size=WRITE_CHUNK, default_user=user)
    created_persons = bulk_create_with_history(persons, Person, batch_size=WRITE_CHUNK, default_user=user)
    today = datetime.date.today()
    members = [
        HouseholdMember(household=created_households[h], person=created_persons[p], relationship=r, start_date=today)
        for h, p, r in links
    ]
    bulk_create_with_history(members, HouseholdMember, batch_size=WRITE_CHUNK, default_user=user)
    return len(persons)


def people_import_run(*, progress_id: str, actor_id: int, path: str, file_format: str) -> ImportResult:
    """The background task's body: read the stored upload, import it, report, delete the file."""
    actor = Membership.objects.select_related("organisation", "territory", "user").get(pk=actor_id)
    file_path = Path(path)
    try:
        result = _read_and_import(actor, file_path, file_format, progress_id)
    except Exception as exc:  # a broken file must end the progress bar, not leave it spinning
        progress_fail(progress_id, message=_("The file could not be read: %(error)s") % {"error": exc})
        raise
    finally:
        file_path.unlink(missing_ok=True)
    if result.ok:
        progress_finish(
            progress_id,
            message=_("Imported %(households)s households and %(persons)s persons.")
            % {"households": result.households, "persons": result.persons},
        )
    else:
        progress_fail(
            progress_id,
            message=_("Nothing was imported: %(n)s errors.\n%(report)s")
            % {"n": result.errors_total, "report": result.report()},
        )
    return result


def _read_and_import(actor: Membership, file_path: Path, file_format: str, progress_id: Any) -> ImportResult:
    """Import the file; a file in another encoding or not a workbook is one clear error on ``file``."""
    if file_format == "xlsx":
        if not _is_workbook(file_path):
            return ImportResult(errors=[RowError(1, "file", uploads.workbook_error())])
        return people_import(actor=actor, rows=rows_from_xlsx(file_path), progress_id=progress_id)
    try:
        with file_path.open(encoding="utf-8-sig", newline="") as stream:
            return people_import(actor=actor, rows=rows_from_csv(stream), progress_id=progress_id)
    except UnicodeDecodeError:
        return ImportResult(errors=[RowError(1, "file", uploads.encoding_error())])


def _is_workbook(file_path: Path) -> bool:

    try:
        load_workbook(file_path, read_only=True).close()
    except (BadZipFile, InvalidFileException, KeyError, OSError):
        return False
    return True
