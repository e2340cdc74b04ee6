"""Tenancies, arrears cases, repayment plans and community hours taken away as spreadsheets:
what the list shows, in scope, money as numbers, refused to the roles the list refuses."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abitare.accounts.testing import acting
from abitare.core.models import AccessLogEntry
from abitare.tenancies.services.ledger import charge_post
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for


@pytest.fixture
def tenancy(world, operator):
    tenancy = make_tenancy(operator, world=world, starts_on=datetime.date(2025, 1, 1))
    charge_post(actor=acting(operator), tenancy=tenancy, month=datetime.date(2025, 1, 1))
    return tenancy


def _rows(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_tenancies_export_with_the_balance_as_a_number(tenancy, operator):
    client = client_for(operator)
    rows = _rows(client.get(reverse("tenancies:tenancy-list"), {"export": "csv"}))
    assert rows[0][0] == "Riferimento"
    assert [row[0] for row in rows[1:]] == [tenancy.reference]
    assert Decimal(rows[1][8]) > 0

    book = client.get(reverse("tenancies:tenancy-list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert isinstance(values[1][8], float | int)
    assert values[1][8] > 0
    assert AccessLogEntry.objects.filter(channel="export", record_type="tenancies.tenancy").count() == 2


def test_filters_apply_to_the_export(tenancy, operator):
    rows = _rows(client_for(operator).get(reverse("tenancies:tenancy-list"), {"status": "ended", "export": "csv"}))
    assert rows[1:] == []


def test_another_organisation_exports_nothing_of_ours(tenancy, other_org_operator):
    rows = _rows(client_for(other_org_operator).get(reverse("tenancies:tenancy-list"), {"export": "csv"}))
    assert rows[1:] == []


@pytest.mark.parametrize(
    ("url_name", "first_header"),
    [
        ("tenancies:arrears-list", "Locazione"),
        ("tenancies:plan-list", "Locazione"),
        ("tenancies:community-task-list", "Svolto il"),
    ],
)
def test_the_recovery_lists_export_in_italian(tenancy, operator, url_name, first_header):
    rows = _rows(client_for(operator).get(reverse(url_name), {"export": "csv", "status": "all"}))
    assert rows[0][0] == first_header
    assert "None" not in str(rows)


def test_roles_refused_by_the_lists_are_refused_the_export(tenancy, facilitator):
    for url_name in ("tenancies:tenancy-list", "tenancies:arrears-list", "tenancies:plan-list"):
        assert client_for(facilitator).get(reverse(url_name), {"export": "csv"}).status_code == 403
