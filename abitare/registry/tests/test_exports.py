"""The households and persons lists taken away as CSV and XLSX: what the filters show, within
scope, confidential addresses masked and the law 104 column only with the sensitive-data
permission, every exported record in the access log."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from abitare.core.models import AccessLogEntry, TaskProgress
from abitare.registry.models import Disability, Household, ProtectionMeasure
from abitare.registry.services import sensitive_record_add
from abitare.registry.tests.factories import actor_of, make_household, make_person
from conftest import client_for

SECRET = "Via Segreta 9"


def _csv(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nuclei-')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def people(world, operator, sensitive_operator, other_org_operator):
    anna = make_person(operator, n=1, codice_fiscale="")
    make_household(operator, anna, name="Famiglia Bianchi")
    carla = make_person(sensitive_operator, n=2)
    protected = make_household(sensitive_operator, carla, name="Famiglia Protetta")
    Household.objects.filter(pk=protected.pk).update(address=SECRET)
    sensitive_record_add(
        actor=actor_of(sensitive_operator),
        person=carla,
        model=ProtectionMeasure,
        kind="shelter",
        start_date=timezone.localdate(),
        address_confidential=True,
    )
    sensitive_record_add(actor=actor_of(sensitive_operator), person=carla, model=Disability, recognition="art3_c3")
    make_household(other_org_operator, make_person(other_org_operator, n=3), name="Famiglia Altrove")
    return anna, carla


def test_households_export_what_the_list_shows_within_scope(people, operator):
    client = client_for(operator)
    rows = _csv(client.get(reverse("registry:household-list"), {"export": "csv"}))

    assert rows[0][:3] == ["Nucleo", "Indirizzo", "Quartiere"]
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == ["Famiglia Bianchi", "Famiglia Protetta"]  # not another organisation's
    protected = next(row for row in rows[1:] if row[0] == "Famiglia Protetta")
    assert protected[1] == "Indirizzo riservato"
    assert SECRET not in str(rows)
    assert protected[3] == "1"
    assert rows[1][-1] == timezone.localdate().strftime("%d/%m/%Y")

    filtered = _csv(client.get(reverse("registry:household-list"), {"q": "Bianchi1", "export": "csv"}))
    assert [row[0] for row in filtered[1:]] == ["Famiglia Bianchi"]


def test_the_export_is_written_to_the_access_log(people, operator):
    before = AccessLogEntry.objects.filter(channel="export").count()
    _csv(client_for(operator).get(reverse("registry:household-list"), {"export": "csv"}))
    entries = AccessLogEntry.objects.filter(channel="export")
    assert entries.count() == before + 2
    assert set(entries.values_list("record_type", flat=True)) == {"registry.household"}
    assert set(entries.values_list("purpose", flat=True)) == {"list export"}


def test_xlsx_keeps_dates_as_dates(people, operator):
    rows = _xlsx(client_for(operator).get(reverse("registry:household-list"), {"export": "xlsx"}))
    assert rows[0][0] == "Nucleo"
    assert isinstance(rows[1][-1], datetime.datetime)


def test_the_sensitive_column_and_the_address_only_with_the_permission(people, operator, sensitive_operator):
    plain = _csv(client_for(operator).get(reverse("registry:person-list"), {"export": "csv"}))
    assert "Riconoscimento legge 104" not in plain[0]

    allowed = _csv(client_for(sensitive_operator).get(reverse("registry:person-list"), {"export": "csv"}))
    assert allowed[0][-1] == "Riconoscimento legge 104"
    carla = next(row for row in allowed[1:] if row[0] == "Bianchi2")
    assert carla[-1].startswith("Legge 104/1992 art. 3 c. 3")

    households = _csv(client_for(sensitive_operator).get(reverse("registry:household-list"), {"export": "csv"}))
    assert SECRET in str(households)


def test_roles_refused_by_the_list_are_refused_the_export(people, facilitator):
    response = client_for(facilitator).get(reverse("registry:household-list"), {"export": "csv"})
    assert response.status_code == 403


def test_a_large_export_runs_in_the_background_for_its_owner_only(people, operator, coordinator, settings):
    settings.EXPORT_INLINE_ROWS = 1
    settings.MEDIA_ROOT = str(settings.BASE_DIR / "var" / "test-media")
    client = client_for(operator)
    response = client.get(reverse("registry:household-list"), {"export": "xlsx", "page": "2"})
    assert response.status_code == 302
    progress = TaskProgress.objects.get()
    assert response["Location"] == reverse("web:task-progress", args=[progress.pk])
    # The immediate task backend of the tests has run it already.
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.SUCCEEDED
    assert (progress.done, progress.total) == (2, 2)
    page = client.get(response["Location"])
    assert reverse("web:export-download", args=[progress.pk]) in page.content.decode()

    download = client.get(reverse("web:export-download", args=[progress.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == 3

    assert client_for(coordinator).get(reverse("web:export-download", args=[progress.pk])).status_code == 404
