"""ADR 0006 on the ledger: a write-off is approved, rejected or reversed only by a coordinator
*working as one*. A user who is an operator here and also a coordinator of the same agency is
refused while working as an operator, by the services, the pages and the API; nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, two_memberships
from abitare.core.exceptions import NotAllowed
from abitare.core.testing import client_for
from abitare.tenancies.models import LedgerEntry, WriteOffRequest
from abitare.tenancies.services import ledger, ledger_batch

JAN = datetime.date(2025, 1, 1)


@pytest.fixture
def double(world):
    """Operator in force, coordinator of the same agency over the same district too."""
    return two_memberships(
        organisation=world.organisation, territory=world.district, in_force=Role.OPERATOR, also=Role.COORDINATOR
    )


@pytest.fixture
def pending(tenancy, operator):
    ledger_batch.charges_issue_month(month=JAN)
    return ledger.write_off_request(actor=acting(operator), tenancy=tenancy, amount="10", reason="Hardship")


def _state():
    return (
        list(WriteOffRequest.objects.values_list("pk", "status")),
        list(LedgerEntry.objects.order_by("pk").values_list("pk", "kind", "amount")),
    )


def test_the_services_judge_the_membership_in_force(double, pending):
    _user, as_operator, as_coordinator = double
    before = _state()

    with pytest.raises(NotAllowed):
        ledger.write_off_approve(actor=as_operator, request=pending)
    with pytest.raises(NotAllowed):
        ledger.write_off_reject(actor=as_operator, request=pending, note="No")
    assert _state() == before

    approved = ledger.write_off_approve(actor=as_coordinator, request=pending)
    with pytest.raises(NotAllowed):
        ledger.entry_reverse(actor=as_operator, entry=approved.entry, reason="Mistake")
    assert LedgerEntry.objects.filter(kind="reversal").count() == 0
    ledger.entry_reverse(actor=as_coordinator, entry=approved.entry, reason="Mistake")
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1


def test_the_pages_judge_the_membership_in_force(double, pending):
    user, as_operator, as_coordinator = double
    decide = reverse("tenancies:write-off-decide", args=[pending.pk])
    before = _state()

    assert client_for(user, as_operator).post(decide, {"decision": "approve", "note": ""}).status_code == 403
    assert _state() == before

    assert client_for(user, as_coordinator).post(decide, {"decision": "approve", "note": "ok"}).status_code == 302
    entry = LedgerEntry.objects.get(kind="write_off")
    reverse_url = reverse("tenancies:entry-reverse", args=[entry.pk])
    refused = client_for(user, as_operator).post(reverse_url, {"reason": "Mistake"})
    assert refused.status_code == 400
    assert not LedgerEntry.objects.filter(kind="reversal").exists()


def test_the_api_judges_the_membership_in_force(double, pending):
    user, as_operator, as_coordinator = double
    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/v1/write-offs/{pending.pk}/decision/"
    before = _state()

    refused = client.post(url, {"decision": "approve"}, format="json", HTTP_X_ABITARE_MEMBERSHIP=str(as_operator.pk))
    assert refused.status_code == 403
    assert _state() == before

    done = client.post(url, {"decision": "approve"}, format="json", HTTP_X_ABITARE_MEMBERSHIP=str(as_coordinator.pk))
    assert done.status_code == 200, done.content
    entry = LedgerEntry.objects.get(kind="write_off")
    again = client.post(
        f"/api/v1/ledger-entries/{entry.pk}/reverse/",
        {"reason": "Mistake"},
        format="json",
        HTTP_X_ABITARE_MEMBERSHIP=str(as_operator.pk),
    )
    assert again.status_code == 403
    assert not LedgerEntry.objects.filter(kind="reversal").exists()
