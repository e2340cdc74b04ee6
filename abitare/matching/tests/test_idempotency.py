"""Double submission: an offer is sent once and an acceptance allocates once, however many times
the form or the API call arrives (issue 11, finding 7)."""

import datetime

import pytest

from abitare.core.tests.idempotency import assert_api_posts_once, assert_form_posts_once
from abitare.matching.models import Allocation, Offer
from abitare.matching.tests.offers_support import approved, build_case, run_round
from conftest import client_for


@pytest.fixture
def case(world, operator):
    return build_case(operator, world)


@pytest.fixture
def done(case, operator):
    return run_round(operator)


def _reply_by() -> str:
    return (datetime.date.today() + datetime.timedelta(days=10)).isoformat()


def test_the_offer_and_acceptance_forms_posted_twice_offer_once_and_allocate_once(case, done, operator):
    client = client_for(operator)
    proposal = approved(operator, done, case.applications["third"])

    sent = assert_form_posts_once(
        client,
        page=f"/domande/turni/proposte/{proposal.pk}/",
        action=f"/domande/turni/proposte/{proposal.pk}/offerta/",
        data={"reply_by": _reply_by(), "note": ""},
        count=Offer.objects.count,
    )
    offer = Offer.objects.get()
    assert sent["Location"] == f"/domande/offerte/{offer.pk}/"
    assert_form_posts_once(
        client,
        page=f"/domande/offerte/{offer.pk}/",
        action=f"/domande/offerte/{offer.pk}/accettazione/",
        data={"starts_on": "", "note": ""},
        count=Allocation.objects.count,
    )


def test_the_offer_and_acceptance_sent_twice_to_the_api_offer_once_and_allocate_once(case, done, operator):
    proposal = approved(operator, done, case.applications["first"])

    sent = assert_api_posts_once(
        operator,
        url=f"/api/v1/proposals/{proposal.pk}/offer/",
        body={"reply_by": _reply_by(), "note": "Via PEC"},
        other_body={"reply_by": _reply_by(), "note": "A mano"},
        count=Offer.objects.count,
    )
    assert_api_posts_once(
        operator,
        url=f"/api/v1/offers/{sent.json()['id']}/accept/",
        body={"starts_on": "2026-12-01"},
        other_body={"starts_on": "2026-12-02"},
        count=Allocation.objects.count,
    )
