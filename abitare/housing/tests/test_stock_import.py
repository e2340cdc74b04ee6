"""The stock import (issue 14 point 3): all-or-nothing with a report of every bad row, like the
import of people; the page runs it as a task with the progress bar; ``abitare import-stock``."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from abitare.accounts.testing import acting
from abitare.core.models import TaskProgress
from abitare.housing.models import Building, Unit
from abitare.housing.services.import_checks import COLUMNS
from abitare.housing.services.imports import stock_import, template_xlsx
from abitare.registry.services.imports import rows_from_xlsx
from conftest import client_for

FIRST = {
    "building_code": "ED1",
    "building_name": "Case Alfa",
    "address": "Via Roma 1",
    "territory": "Quartiere Uno",
    "owner_kind": "municipality",
    "energy_class": "C",
    "building_lift": "sì",
}
UNIT = {"floor": "1", "rooms": "3", "bedrooms": "2", "usable_m2": "68,5", "max_occupants": "4",
        "monthly_rent": "310,00", "service_charges": "40", "state": "available", "lift": "yes"}  # fmt: skip


def row(n, **values):
    return dict.fromkeys(COLUMNS, "") | {"building_code": "ED1", "unit_code": f"U{n}"} | UNIT | values


def rows(count):
    yield row(0, **FIRST)
    for n in range(1, count):
        yield row(n)


def test_ten_thousand_rows_with_one_bad_row_import_nothing_and_report_it(world, administrator):
    def file():
        for n, values in enumerate(rows(10_000)):
            yield row(n, bedrooms="4") if n == 6_000 else values

    result = stock_import(actor=acting(administrator), rows=file())

    assert [(e.row, e.field) for e in result.errors] == [(6_002, "bedrooms")]
    assert not Building.objects.exists()
    assert not Unit.objects.exists()


def test_a_clean_file_writes_the_buildings_and_units_with_the_author(world, administrator):
    result = stock_import(actor=acting(administrator), rows=rows(30))

    assert (result.buildings, result.units) == (1, 30)
    unit = Unit.objects.get(code="U7")
    assert (str(unit.usable_m2), unit.lift, unit.building.lift, unit.state) == ("68.5", True, True, "available")
    assert unit.history.get().history_user == administrator


def test_bad_rows_are_refused_each_with_its_reason_in_italian_and_english(world, administrator, other_org_operator):
    file = [
        row(0, **FIRST),
        row(0),  # the same unit code again
        row(2, building_code="ED9"),  # unknown building, not described
        row(3, **(FIRST | {"building_code": "ED2", "territory": "Comune Beta"})),  # another district
        row(4, rooms="1", bedrooms="2"),
    ]
    for language, words in (("en", "same unit code"), ("it", "Lo stesso codice alloggio")):
        with translation.override(language):
            result = stock_import(actor=acting(administrator), rows=file)
        assert [(e.row, e.field) for e in result.errors] == [
            (3, "unit_code"),
            (4, "building_code"),
            (5, "territory"),
            (6, "bedrooms"),
        ]
        assert words in result.errors[0].message
    assert "ED9" in result.errors[1].message
    assert not Building.objects.exists()


def test_a_unit_already_in_its_building_is_refused(world, administrator):
    stock_import(actor=acting(administrator), rows=rows(2))
    result = stock_import(actor=acting(administrator), rows=[row(1), row(5)])

    assert [(e.row, e.field) for e in result.errors] == [(2, "unit_code")]
    assert Unit.objects.count() == 2


def test_the_downloadable_xlsx_template_imports_as_it_is(world, administrator, tmp_path):
    path = tmp_path / "modello.xlsx"
    path.write_bytes(template_xlsx())
    file = [values | {"territory": "Quartiere Uno"} for values in rows_from_xlsx(path)]

    result = stock_import(actor=acting(administrator), rows=file)

    assert result.ok, result.report()
    assert list(Unit.objects.values_list("code", "bedrooms")) == [("1A", 2), ("2B", 1)]


def _csv(data):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue().encode()


def test_the_page_runs_the_import_as_a_task_with_the_progress_bar(world, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(administrator)
    bad = SimpleUploadedFile("stock.csv", _csv([row(0, **FIRST), row(0)]), content_type="text/csv")
    response = client.post(reverse("housing:stock-import"), {"file": bad})
    progress = TaskProgress.objects.get()
    assert response["Location"] == reverse("web:task-progress", args=[progress.pk])
    assert progress.status == TaskProgress.Status.FAILED
    assert "unit_code" in progress.message
    assert list(tmp_path.glob("imports/*")) == []
    good = SimpleUploadedFile("stock.csv", _csv(list(rows(3))), content_type="text/csv")
    client.post(reverse("housing:stock-import"), {"file": good})
    assert TaskProgress.objects.filter(status=TaskProgress.Status.SUCCEEDED).count() == 1
    assert Unit.objects.count() == 3


def test_the_command_imports_a_file_or_says_why_not(world, administrator, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(_csv([row(0, **FIRST), row(1, building_code="ED9")]))
    with pytest.raises(CommandError, match="ED9"):
        call_command("import-stock", str(path), username="administrator")
    assert not Unit.objects.exists()
    path.write_bytes(_csv(list(rows(4))))
    out = io.StringIO()
    call_command("import-stock", str(path), username="administrator", stdout=out)
    assert "4 units" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import-stock", str(path), username="nobody")
