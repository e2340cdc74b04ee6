"""Import of households and persons: all-or-nothing with a report of every bad row and field."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from abitare.core.models import TaskProgress
from abitare.registry.models import Household, HouseholdMember, Person
from abitare.registry.services.imports import COLUMNS, people_import, rows_from_csv, rows_from_xlsx, template_csv
from abitare.registry.tests.factories import VALID_CF, actor_of, make_person
from conftest import client_for

GOOD_ROWS = [
    [
        "F1",
        "Famiglia Rossi",
        "Via Roma 1",
        "Quartiere Uno",
        "reference",
        "Manuel",
        "Ricci",
        "1983-11-18",
        "M",
        VALID_CF,
        "Napoli",
        "IT",
        "",
        "",
    ],
    ["F1", "", "", "Quartiere Uno", "child", "Giulia", "Ricci", "18/03/2015", "F", "", "Lucca", "IT", "", ""],
    [
        "F2",
        "Famiglia Bianchi",
        "Via Po 2",
        "Comune Alfa",
        "reference",
        "Anna",
        "Bianchi",
        "1970-01-01",
        "F",
        "",
        "",
        "RO",
        "",
        "",
    ],
]


def _csv(rows, delimiter=","):
    out = io.StringIO()
    out.write(delimiter.join(COLUMNS) + "\n")
    for row in rows:
        out.write(delimiter.join(row) + "\n")
    out.seek(0)
    return out


def test_a_clean_file_creates_households_members_and_persons(world, operator):
    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(GOOD_ROWS)))
    assert result.ok
    assert (result.households, result.persons) == (2, 3)
    rossi = Household.objects.get(name="Famiglia Rossi")
    assert sorted(rossi.members.values_list("first_name", flat=True)) == ["Giulia", "Manuel"]
    assert Person.objects.get(codice_fiscale=VALID_CF).district == world.district
    assert Person.history.count() == 3
    assert HouseholdMember.history.count() == 3


def test_a_file_with_one_bad_row_changes_nothing_and_reports_the_row(world, operator):
    make_person(operator, first_name="Esistente")
    bad = [*GOOD_ROWS]
    bad[1] = ["F1", "", "", "Quartiere Uno", "cousin", "Giulia", "Ricci", "2099-01-01", "F", "", "", "IT", "", ""]
    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(bad, delimiter=";")))
    assert not result.ok
    assert {(error.row, error.field) for error in result.errors} == {(3, "relationship"), (3, "birth_date")}
    assert "3" in result.report()
    assert Person.objects.count() == 1
    assert Household.objects.count() == 0
    assert HouseholdMember.objects.count() == 0


def test_every_bad_field_is_reported(world, operator):
    rows = [
        ["", "", "", "Nowhere", "reference", "", "X", "31-12-1990", "Q", "RCCMNL83S18D969A", "", "ITA", "", ""],
        ["F9", "", "", "Quartiere Uno", "reference", "Manuel", "Ricci", "1983-11-19", "M", VALID_CF, "", "IT", "", ""],
        ["F9", "", "", "Quartiere Uno", "child", "Manuel", "Ricci", "1983-11-18", "M", VALID_CF, "", "IT", "", ""],
    ]
    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(rows)))
    assert {(error.row, error.field) for error in result.errors} == {
        (2, "household_code"),
        (2, "first_name"),
        (2, "territory"),
        (2, "birth_date"),
        (2, "citizenship"),
        (3, "birth_date"),
        (4, "codice_fiscale"),
    }
    assert Person.objects.count() == 0


def test_a_code_already_registered_refuses_the_file(world, operator):
    make_person(
        operator,
        first_name="Manuel",
        last_name="Ricci",
        birth_date=datetime.date(1983, 11, 18),
        codice_fiscale=VALID_CF,
        sex="M",
    )
    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(GOOD_ROWS)))
    assert [(error.row, error.field) for error in result.errors] == [(2, "codice_fiscale")]
    assert Person.objects.count() == 1


def test_xlsx_is_streamed_like_csv(world, operator, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in GOOD_ROWS:
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    result = people_import(actor=actor_of(operator), rows=rows_from_xlsx(path))
    assert result.ok
    assert result.persons == 3


def test_the_template_is_a_valid_import_file(world, operator):
    text = template_csv().replace("San Vito", "Quartiere Uno")
    result = people_import(actor=actor_of(operator), rows=rows_from_csv(io.StringIO(text)))
    assert result.ok
    assert result.persons == 2


def test_the_template_neutralises_the_phone_and_the_import_reads_it_back(world, operator):
    text = template_csv().replace("San Vito", "Quartiere Uno")

    people_import(actor=actor_of(operator), rows=rows_from_csv(io.StringIO(text)))

    assert "'+39 0583 000000" in text
    assert Person.objects.get(first_name="Mario").phone == "+39 0583 000000"


def test_a_cell_quoted_by_an_export_is_imported_without_the_quote_from_csv_and_xlsx(world, operator, tmp_path):
    row = [*GOOD_ROWS[0][:12], "'+39 0583 111111", ""]
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    workbook.active.append(row)
    path = tmp_path / "people.xlsx"
    workbook.save(path)

    from_csv = list(rows_from_csv(_csv([row])))
    from_xlsx = list(rows_from_xlsx(path))

    assert from_csv[0]["phone"] == "+39 0583 111111"
    assert from_xlsx[0]["phone"] == "+39 0583 111111"


def test_the_page_runs_the_import_as_a_task_with_the_progress_bar(world, operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(operator)
    bad = [GOOD_ROWS[0], ["F1", "", "", "Quartiere Uno", "cousin", "G", "R", "2015-03-18", "F", "", "", "IT", "", ""]]
    upload = SimpleUploadedFile("people.csv", _csv(bad).getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("registry:people-import"), {"file": upload})
    progress = TaskProgress.objects.get()
    assert response["Location"] == reverse("web:task-progress", args=[progress.pk])
    assert progress.status == TaskProgress.Status.FAILED
    assert "relationship" in progress.message
    assert Person.objects.count() == 0
    assert list(tmp_path.glob("imports/*")) == []
    good = SimpleUploadedFile("people.csv", _csv(GOOD_ROWS).getvalue().encode(), content_type="text/csv")
    client.post(reverse("registry:people-import"), {"file": good})
    assert TaskProgress.objects.filter(status=TaskProgress.Status.SUCCEEDED).count() == 1
    assert Person.objects.count() == 3
    page = client.get(reverse("web:task-progress", args=[progress.pk]))
    assert page.status_code == 200


def test_the_import_page_refuses_other_files_and_other_roles(world, operator, facilitator):
    upload = SimpleUploadedFile("people.pdf", b"%PDF", content_type="application/pdf")
    assert client_for(operator).post(reverse("registry:people-import"), {"file": upload}).status_code == 400
    assert client_for(facilitator).get(reverse("registry:people-import")).status_code == 403
    assert TaskProgress.objects.count() == 0


# Limits (security review, finding 11) ------------------------------------------------------------


def _bad_rows(n):
    return [["F1", "", "", "Quartiere Uno", "cousin", "G", "R", "2015-03-18", "F", "", "", "IT", "", ""]] * n


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("people.csv", _csv(GOOD_ROWS).getvalue().encode(), content_type="text/csv")

    response = client_for(operator).post(reverse("registry:people-import"), {"file": upload})

    assert response.status_code == 400
    assert "100" in response.context["form"].errors["file"][0]
    assert TaskProgress.objects.count() == 0
    assert list(tmp_path.glob("imports/*")) == []


def test_the_report_stops_after_the_error_limit_and_says_how_many_more(world, operator, settings):
    settings.IMPORT_MAX_ERRORS = 5

    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(_bad_rows(12))))

    assert len(result.errors) == 5
    assert result.errors_total == 12
    lines = result.report().splitlines()
    assert len(lines) == 6
    assert lines[-1] == "... e altri 7 errori."
    assert Person.objects.count() == 0


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_past_it(world, operator, settings):
    settings.IMPORT_MAX_ROWS = 2

    result = people_import(actor=actor_of(operator), rows=rows_from_csv(_csv(GOOD_ROWS)))

    assert not result.ok
    assert [(error.row, error.field) for error in result.errors] == [(4, "file")]
    assert "2" in result.errors[0].message
    assert Household.objects.count() == 0


def test_a_file_in_another_encoding_is_explained_in_italian(world, operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [[*GOOD_ROWS[0][:5], "Niccolò", *GOOD_ROWS[0][6:]]]
    upload = SimpleUploadedFile("people.csv", _csv(rows).getvalue().encode("cp1252"), content_type="text/csv")

    client_for(operator).post(reverse("registry:people-import"), {"file": upload})

    progress = TaskProgress.objects.get()
    assert progress.status == TaskProgress.Status.FAILED
    assert "non è nella codifica UTF-8" in progress.message
    assert "codec" not in progress.message
    assert Person.objects.count() == 0


def test_a_file_named_xlsx_that_is_not_a_workbook_is_explained(world, operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("people.xlsx", b"household_code,territory\n", content_type="application/octet-stream")

    client_for(operator).post(reverse("registry:people-import"), {"file": upload})

    progress = TaskProgress.objects.get()
    assert progress.status == TaskProgress.Status.FAILED
    assert "non è una cartella di lavoro XLSX valida" in progress.message
