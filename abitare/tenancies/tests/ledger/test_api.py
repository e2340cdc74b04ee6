"""API of tenancies: the permission matrix of every endpoint and the 4xx refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from abitare.accounts.testing import acting
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, TenancyExit, WriteOffRequest
from abitare.tenancies.services import ledger, ledger_batch, savings

JAN = datetime.date(2025, 1, 1)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def setup(service_tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)
    payment = ledger.payment_record(actor=acting(operator), tenancy=service_tenancy, amount="100", value_date=JAN)
    savings.savings_deposit(actor=acting(operator), tenancy=service_tenancy, amount="50", value_date=JAN)
    request = ledger.write_off_request(actor=acting(operator), tenancy=service_tenancy, amount="10", reason="Hardship")
    return {"tenancy": service_tenancy, "payment": payment, "request": request}


def _reads(setup):
    t = setup["tenancy"].pk
    return [
        "/api/v1/tenancies/",
        f"/api/v1/tenancies/{t}/",
        f"/api/v1/tenancies/{t}/entries/",
        f"/api/v1/tenancies/{t}/statement/",
        f"/api/v1/tenancies/{t}/savings/",
        "/api/v1/tenancy-exits/",
    ]


def test_reads_permission_matrix(setup, operator, coordinator, facilitator, other_org_operator):
    t = setup["tenancy"].pk
    for url in _reads(setup):
        assert api().get(url).status_code == 401, url
        assert api(facilitator).get(url).status_code == 403, url
        assert api(operator).get(url).status_code == 200, url
        assert api(coordinator).get(url).status_code == 200, url
        expected_other = 404 if f"/tenancies/{t}/" in url else 200
        assert api(other_org_operator).get(url).status_code == expected_other, url
    listed = api(other_org_operator).get("/api/v1/tenancies/").json()
    assert listed["count"] == 0


def test_the_detail_carries_balance_savings_and_ageing(setup, operator):
    body = api(operator).get(f"/api/v1/tenancies/{setup['tenancy'].pk}/").json()

    assert Decimal(body["balance"]) == Decimal("250.00")
    assert Decimal(body["savings_balance"]) == Decimal("50.00")
    assert [bucket["label"] for bucket in body["ageing"]] == ["not_due", "1-30", "31-60", "61-90", "90+"]


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_a_payment_of_zero_or_less_is_a_400_with_the_field(setup, operator, amount):
    before = LedgerEntry.objects.count()

    response = api(operator).post(
        f"/api/v1/tenancies/{setup['tenancy'].pk}/payments/", {"amount": amount, "value_date": "2025-01-10"}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "amount_not_positive"
    assert "amount" in response.json()["error"]["fields"]
    assert LedgerEntry.objects.count() == before


def test_a_payment_then_its_reversal_twice(setup, operator, facilitator):
    url = f"/api/v1/tenancies/{setup['tenancy'].pk}/payments/"
    assert api(facilitator).post(url, {"amount": "5", "value_date": "2025-01-10"}).status_code == 403
    created = api(operator).post(url, {"amount": "5.50", "value_date": "2025-01-10"})
    assert created.status_code == 201
    entry_id = created.json()["id"]

    first = api(operator).post(f"/api/v1/ledger-entries/{entry_id}/reverse/", {"reason": "Wrong"})
    second = api(operator).post(f"/api/v1/ledger-entries/{entry_id}/reverse/", {"reason": "Wrong"})
    blank = api(operator).post(f"/api/v1/ledger-entries/{setup['payment'].pk}/reverse/", {"reason": ""})

    assert first.status_code == 201
    assert Decimal(first.json()["signed_amount"]) == Decimal("5.50")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_reversed"
    assert blank.status_code == 400
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1


def test_another_organisation_cannot_reverse_or_pay(setup, other_org_operator):
    before = LedgerEntry.objects.count()

    reverse = api(other_org_operator).post(f"/api/v1/ledger-entries/{setup['payment'].pk}/reverse/", {"reason": "x"})
    pay = api(other_org_operator).post(
        f"/api/v1/tenancies/{setup['tenancy'].pk}/payments/", {"amount": "5", "value_date": "2025-01-10"}
    )

    assert reverse.status_code == 404
    assert pay.status_code == 404
    assert LedgerEntry.objects.count() == before


def test_write_off_decision_is_for_coordinators_only(setup, operator, coordinator):
    url = f"/api/v1/write-offs/{setup['request'].pk}/decision/"

    denied = api(operator).post(url, {"decision": "approve"})
    assert denied.status_code == 403
    assert WriteOffRequest.objects.get().status == "pending"
    rejected_without_note = api(coordinator).post(url, {"decision": "reject", "note": ""})
    assert rejected_without_note.status_code == 400
    approved = api(coordinator).post(url, {"decision": "approve"})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"


def test_savings_payout_beyond_the_balance_is_refused(setup, operator):
    url = f"/api/v1/tenancies/{setup['tenancy'].pk}/savings/payouts/"

    response = api(operator).post(url, {"amount": "60", "value_date": "2025-02-01", "funds": "moving"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "savings_overdrawn"
    assert SavingsEntry.objects.filter(kind="payout").count() == 0


def test_creating_an_overlapping_tenancy_is_a_409(setup, operator, world):

    household = make_household(operator, make_person(operator, n=5), name="Cinque")
    data = {
        "household": household.pk,
        "unit": setup["tenancy"].unit_id,
        "pathway": "agreed_rent",
        "starts_on": "2025-06-01",
        "contract_type": "agreed_rent",
    }

    response = api(operator).post("/api/v1/tenancies/", data, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "tenancy_overlap"
    assert Tenancy.objects.count() == 1


def test_exit_through_the_api(setup, operator, facilitator):
    url = f"/api/v1/tenancies/{setup['tenancy'].pk}/exit/"
    data = {"exited_on": "2025-01-31", "destination": "family", "savings_funds": "first_rents"}

    assert api(facilitator).post(url, data).status_code == 403
    response = api(operator).post(url, data)

    assert response.status_code == 201
    assert TenancyExit.objects.get().destination == "family"
    assert api(operator).post(url, data).status_code == 409
