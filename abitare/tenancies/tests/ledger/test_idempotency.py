"""Double submission: a payment, a reversal, a savings deposit and community-work hours are
recorded once however many times the form or the API call arrives (issue 11, finding 7)."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from abitare.accounts.testing import acting
from abitare.core.idempotency import FORM_FIELD
from abitare.core.models import IdempotencyKey
from abitare.core.tests.idempotency import assert_api_posts_once, assert_form_posts_once, token_of
from abitare.registry.tests.factories import actor_of
from abitare.tenancies.models import CommunityWorkSession, LedgerEntry, SavingsEntry
from abitare.tenancies.services import ledger
from abitare.tenancies.services.community import task_create
from conftest import client_for

JAN = datetime.date(2025, 1, 1)
PAYMENT = {"amount": "25.00", "value_date": "2025-01-10", "reference": "Bonifico", "payer_iban": ""}


def _payments() -> int:
    return LedgerEntry.objects.filter(kind="payment").count()


def test_a_payment_form_posted_twice_records_one_payment(tenancy, operator):
    page = reverse("tenancies:payment-create", args=[tenancy.pk])

    first = assert_form_posts_once(client_for(operator), page=page, data=PAYMENT, count=_payments)

    assert first["Location"] == reverse("tenancies:tenancy-detail", args=[tenancy.pk])


def test_a_reversal_form_posted_twice_reverses_once_without_an_error(tenancy, operator):
    payment = ledger.payment_record(actor=acting(operator), tenancy=tenancy, amount="10", value_date=JAN)
    page = reverse("tenancies:entry-reverse", args=[payment.pk])

    assert_form_posts_once(
        client_for(operator),
        page=page,
        data={"reason": "Wrong tenancy"},
        count=lambda: LedgerEntry.objects.filter(kind="reversal").count(),
    )


def test_a_refused_payment_form_keeps_its_token_for_the_corrected_one(tenancy, operator):
    client = client_for(operator)
    page = reverse("tenancies:payment-create", args=[tenancy.pk])
    token = token_of(client.get(page))

    refused = client.post(page, {**PAYMENT, "amount": "0", FORM_FIELD: token})
    corrected = client.post(page, {**PAYMENT, FORM_FIELD: token})

    assert refused.status_code == 400
    assert corrected.status_code == 302
    assert _payments() == 1


def test_a_page_of_another_user_does_not_share_the_token(tenancy, operator, coordinator):
    page = reverse("tenancies:payment-create", args=[tenancy.pk])
    token = token_of(client_for(operator).get(page))

    client_for(operator).post(page, {**PAYMENT, FORM_FIELD: token})
    client_for(coordinator).post(page, {**PAYMENT, FORM_FIELD: token})

    assert _payments() == 2


def test_a_payment_sent_twice_to_the_api_with_one_key_is_recorded_once(tenancy, operator):
    body = {"amount": "25.00", "value_date": "2025-01-10"}

    first = assert_api_posts_once(
        operator,
        url=f"/api/v1/tenancies/{tenancy.pk}/payments/",
        body=body,
        other_body={**body, "amount": "26.00"},
        count=_payments,
    )

    assert first.status_code == 201
    assert IdempotencyKey.objects.get().scope == f"POST /api/v1/tenancies/{tenancy.pk}/payments/"


def test_a_savings_deposit_sent_twice_to_the_api_with_one_key_is_recorded_once(service_tenancy, operator):
    body = {"amount": "40.00", "value_date": "2025-01-10"}

    assert_api_posts_once(
        operator,
        url=f"/api/v1/tenancies/{service_tenancy.pk}/savings/deposits/",
        body=body,
        other_body={**body, "value_date": "2025-01-11"},
        count=SavingsEntry.objects.count,
    )


def test_community_work_hours_sent_twice_are_recorded_once(tenancy, operator, facilitator):
    task = task_create(actor=actor_of(operator), kind="mail", title="Posta", supervisor=facilitator)
    body = {"task": task.pk, "tenancy": tenancy.reference, "worked_on": timezone.localdate().isoformat(), "hours": "2"}

    assert_api_posts_once(
        operator,
        url="/api/v1/community-sessions/",
        body=body,
        other_body={**body, "hours": "3"},
        count=CommunityWorkSession.objects.count,
    )
    assert_form_posts_once(
        client_for(operator),
        page=reverse("tenancies:community-session-create"),
        data={**body, "worker": "", "note": ""},
        count=CommunityWorkSession.objects.count,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL, not SQLite")
def test_five_concurrent_posts_with_one_key_book_one_payment_and_answer_alike(tenancy, operator):
    url = f"/api/v1/tenancies/{tenancy.pk}/payments/"
    key = str(uuid.uuid4())
    barrier = threading.Barrier(5)
    answers: list[tuple[int, dict[str, object]]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def post() -> None:
        client = APIClient()
        client.force_authenticate(operator)
        try:
            barrier.wait()
            response = client.post(
                url, {"amount": "25.00", "value_date": "2025-01-10"}, format="json", headers={"Idempotency-Key": key}
            )
            with lock:
                answers.append((response.status_code, response.json()))
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(answers) == 5
    assert answers[0][0] == 201
    assert all(answer == answers[0] for answer in answers)
    assert LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").count() == 1
