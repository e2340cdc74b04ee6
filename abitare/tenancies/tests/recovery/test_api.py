"""API of arrears recovery: permission matrix of every endpoint, flows, 4xx bodies, never 500."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abitare.tenancies.models import (
    ArrearsCase,
    BankCredit,
    BankStatement,
    CommunityWorkSession,
    LedgerEntry,
    RepaymentPlan,
)
from abitare.tenancies.services.arrears import arrears_scan, recovery_rules_seed
from abitare.tenancies.services.community import session_record, task_create
from abitare.tenancies.services.plans import plan_create
from abitare.tenancies.tests.recovery.conftest import charge_months
from conftest import client_for

DATA = Path(__file__).parent / "data"
TODAY = timezone.localdate()
API = "/api/v1/"


def sample(tenancy) -> SimpleUploadedFile:
    data = (DATA / "camt053_001_02_sample.xml").read_bytes().replace(b"REF-A", tenancy.reference.encode())
    return SimpleUploadedFile("gennaio.xml", data, content_type="application/xml")


@pytest.fixture
def session(membership, facilitator, tenancy):
    task = task_create(actor=membership, kind="mail", title="Posta", supervisor=facilitator)
    return session_record(actor=membership, task=task, tenancy=tenancy, worked_on=TODAY, hours="1.5")


LISTS = [
    "bank-statements/",
    "bank-credits/",
    "arrears-cases/",
    "repayment-plans/",
    "community-tasks/",
    "community-sessions/",
]


def test_list_endpoints_matrix(client, operator, coordinator, facilitator, administrator, auditor, other_org_operator):
    for path in LISTS:
        assert client.get(API + path).status_code == 401, path
        assert client_for(operator).get(API + path).status_code == 200, path
        assert client_for(coordinator).get(API + path).status_code == 200, path
        for wrong in (facilitator, administrator, auditor):
            assert client_for(wrong).get(API + path).status_code == 403, (path, wrong.username)
        assert client_for(other_org_operator).get(API + path).json()["count"] == 0, path


def test_import_then_again_then_assign(operator, other_org_operator, tenancy, tenancy_b):
    api = client_for(operator)

    first = api.post(API + "bank-statements/", {"file": sample(tenancy)})
    again = api.post(API + "bank-statements/", {"file": sample(tenancy)})

    assert first.status_code == 201
    assert (first.json()["matched"], first.json()["unmatched"]) == (1, 4)
    assert again.status_code == 200
    assert again.json()["already_imported"] is True
    queue = api.get(API + "bank-credits/?status=unmatched").json()
    assert queue["count"] == 4
    credit_id = queue["results"][0]["id"]
    assert (
        client_for(other_org_operator)
        .post(
            API + f"bank-credits/{credit_id}/assign/", {"tenancy": tenancy_b.reference}, content_type="application/json"
        )
        .status_code
        == 404
    )
    assigned = api.post(
        API + f"bank-credits/{credit_id}/assign/", {"tenancy": tenancy_b.reference}, content_type="application/json"
    )
    assert assigned.status_code == 200
    assert assigned.json()["status"] == "matched"
    twice = api.post(
        API + f"bank-credits/{credit_id}/assign/", {"tenancy": tenancy_b.reference}, content_type="application/json"
    )
    assert twice.status_code == 409


def test_malformed_statement_is_a_400_with_the_line(operator):
    upload = SimpleUploadedFile("x.xml", b'<?xml version="1.0"?>\n<Document>\n<Bad>', content_type="application/xml")

    response = client_for(operator).post(API + "bank-statements/", {"file": upload})

    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "validation_failed"
    assert body["fields"]["file"]
    assert not LedgerEntry.objects.exists()


def test_unknown_tenancy_reference_is_a_field_error(operator, tenancy):
    client_for(operator).post(API + "bank-statements/", {"file": sample(tenancy)})
    credit = BankCredit.objects.filter(status="unmatched").first()

    response = client_for(operator).post(
        API + f"bank-credits/{credit.pk}/assign/", {"tenancy": "NOPE"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "tenancy" in response.json()["error"]["fields"]


def test_plan_by_api_and_refusals(operator, facilitator, tenancy):
    charge_months(operator, tenancy, (2025, 1), (2025, 2))
    api = client_for(operator)
    base = {
        "tenancy": tenancy.reference,
        "debt": "700.00",
        "first_due": TODAY.isoformat(),
        "agreed_on": TODAY.isoformat(),
        "creditor": "Agenzia",
    }

    wrong_sum = api.post(
        API + "repayment-plans/",
        {**base, "instalments": [{"amount": "300.00"}, {"amount": "300.00"}]},
        content_type="application/json",
    )
    neither = api.post(API + "repayment-plans/", base, content_type="application/json")
    denied = client_for(facilitator).post(
        API + "repayment-plans/", {**base, "count": 2}, content_type="application/json"
    )
    assert (wrong_sum.status_code, neither.status_code, denied.status_code) == (400, 400, 403)
    assert wrong_sum.json()["error"]["fields"]["instalments"]
    assert not RepaymentPlan.objects.exists()

    created = api.post(API + "repayment-plans/", {**base, "count": 3}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert [row["amount"] for row in body["instalments"]] == ["233.33", "233.33", "233.34"]
    assert body["history"][0]["to_status"] == "live"
    detail = api.get(API + f"repayment-plans/{body['id']}/")
    assert detail.json()["outstanding"] == "700.00"
    cancelled = api.post(
        API + f"repayment-plans/{body['id']}/cancel/", {"reason": "Trasferiti"}, content_type="application/json"
    )
    assert cancelled.json()["status"] == "cancelled"


def test_arrears_scan_and_cases_by_api(operator, auditor, tenancy):
    charge_months(operator, tenancy, (2025, 1), (2025, 2))

    assert client_for(auditor).post(API + "arrears-cases/scan/").status_code == 403
    scan = client_for(operator).post(API + "arrears-cases/scan/")

    assert scan.status_code == 200
    assert scan.json()["opened"] == 1
    cases = client_for(operator).get(API + "arrears-cases/?status=open").json()
    assert cases["results"][0]["tenancy_reference"] == tenancy.reference
    case_id = cases["results"][0]["id"]
    assert client_for(operator).get(API + f"arrears-cases/{case_id}/").status_code == 200


def test_confirmation_by_api_only_by_the_supervisor(world, operator, facilitator, session):
    recovery_rules_seed(district=world.district)
    url = API + f"community-sessions/{session.pk}/confirm/"

    refused = client_for(operator).post(url)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_supervisor"
    assert CommunityWorkSession.objects.get(pk=session.pk).status == "recorded"
    confirmed = client_for(facilitator).post(url)
    assert confirmed.status_code == 200
    assert confirmed.json()["amount"] == "15.00"
    assert LedgerEntry.objects.get(kind="community_work").amount == Decimal("15.00")


def test_record_hours_by_api(operator, session, tenancy):
    api = client_for(operator)
    data = {"task": session.task_id, "tenancy": tenancy.reference, "worked_on": TODAY.isoformat(), "hours": "0"}

    zero = api.post(API + "community-sessions/", data, content_type="application/json")
    ok = api.post(API + "community-sessions/", {**data, "hours": "3"}, content_type="application/json")

    assert zero.status_code == 400
    assert zero.json()["error"]["fields"]["hours"]
    assert ok.status_code == 201
    assert ok.json()["status"] == "recorded"


def test_task_by_api_needs_a_supervisor_of_the_organisation(operator, other_org_operator):
    api = client_for(operator)

    bad = api.post(
        API + "community-tasks/",
        {"kind": "mail", "title": "Posta", "supervisor": other_org_operator.pk},
        content_type="application/json",
    )
    good = api.post(
        API + "community-tasks/",
        {"kind": "mail", "title": "Posta", "supervisor": operator.pk},
        content_type="application/json",
    )

    assert bad.status_code == 400
    assert good.status_code == 201


def test_detail_and_action_endpoints_matrix(
    client, world, membership, operator, facilitator, auditor, other_org_operator, tenancy, session
):

    charge_months(operator, tenancy, (2025, 1), (2025, 2))
    client_for(operator).post(API + "bank-statements/", {"file": sample(tenancy)})
    arrears_scan(district=world.district, today=TODAY)
    case = ArrearsCase.objects.get()
    plan = plan_create(
        actor=membership,
        tenancy=tenancy,
        debt=Decimal("100.00"),
        count=1,
        first_due=TODAY,
        agreed_on=TODAY,
        creditor="A",
    )
    credit = BankCredit.objects.filter(status="unmatched").first()
    reads = [
        f"bank-statements/{BankStatement.objects.get().pk}/",
        f"arrears-cases/{case.pk}/",
        f"repayment-plans/{plan.pk}/",
    ]
    writes = [
        (f"bank-credits/{credit.pk}/assign/", {"tenancy": tenancy.reference}),
        (f"bank-credits/{credit.pk}/dismiss/", {"note": "x"}),
        (f"repayment-plans/{plan.pk}/check/", {}),
        (f"repayment-plans/{plan.pk}/cancel/", {"reason": "x"}),
        (f"community-sessions/{session.pk}/reject/", {"reason": "x"}),
    ]
    for path in reads:
        assert client.get(API + path).status_code == 401, path
        assert client_for(facilitator).get(API + path).status_code == 403, path
        assert client_for(other_org_operator).get(API + path).status_code == 404, path
        assert client_for(operator).get(API + path).status_code == 200, path
    before = (LedgerEntry.objects.count(), BankCredit.objects.get(pk=credit.pk).status, plan.changes.count())
    for path, data in writes:
        assert client.post(API + path, data, content_type="application/json").status_code == 401, path
        assert client_for(auditor).post(API + path, data, content_type="application/json").status_code == 403, path
        other = client_for(other_org_operator).post(API + path, data, content_type="application/json")
        assert other.status_code == 404, path
    assert (LedgerEntry.objects.count(), BankCredit.objects.get(pk=credit.pk).status, plan.changes.count()) == before
    assert CommunityWorkSession.objects.get(pk=session.pk).status == "recorded"


def test_a_statement_over_the_size_limit_is_a_field_error_and_nothing_is_imported(operator, tenancy, settings):
    settings.IMPORT_MAX_BYTES = 200
    before = BankCredit.objects.count()

    response = client_for(operator).post(API + "bank-statements/", {"file": sample(tenancy)})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["file"]
    assert "200" in response.json()["error"]["fields"]["file"][0]
    assert BankCredit.objects.count() == before
