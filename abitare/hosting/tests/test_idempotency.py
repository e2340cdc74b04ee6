"""Double submission: support to a host is recorded once and a placement made once, however many
times the form or the API call arrives (issue 11, finding 7)."""

from abitare.core.tests.idempotency import assert_api_posts_once, assert_form_posts_once
from abitare.hosting.models import HostSupportEntry, Placement
from abitare.hosting.tests.conftest import day
from conftest import client_for


def test_a_support_form_posted_twice_records_the_support_once(operator, host):
    assert_form_posts_once(
        client_for(operator),
        page=f"/ospitalita/famiglie/{host.pk}/",
        action=f"/ospitalita/famiglie/{host.pk}/sostegno/",
        data={"kind": "food_voucher", "amount": "10.00", "hours": "", "occurred_on": day(0).isoformat()},
        count=HostSupportEntry.objects.count,
    )


def test_support_sent_twice_to_the_api_with_one_key_is_recorded_once(operator, host):
    body = {"kind": "home_care_hours", "hours": "2.50", "occurred_on": day(0).isoformat()}

    assert_api_posts_once(
        operator,
        url=f"/api/v1/hosts/{host.pk}/support/",
        body=body,
        other_body={**body, "hours": "3.00"},
        count=HostSupportEntry.objects.count,
    )


def test_a_placement_form_posted_twice_places_once(operator, host, emergency):
    assert_form_posts_once(
        client_for(operator),
        page=f"/ospitalita/richieste/{emergency.pk}/",
        action=f"/ospitalita/richieste/{emergency.pk}/inserimento/",
        data={"host": host.pk, "guests": 1, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
        count=Placement.objects.count,
    )


def test_a_placement_sent_twice_to_the_api_with_one_key_places_once(operator, host, emergency):
    body = {"request": emergency.pk, "host": host.pk, "start": day(0).isoformat(), "planned_end": day(7).isoformat()}

    assert_api_posts_once(
        operator,
        url="/api/v1/placements/",
        body=body,
        other_body={**body, "planned_end": day(8).isoformat()},
        count=Placement.objects.count,
    )
