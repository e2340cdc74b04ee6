"""Hosting pages and API: bad input refused with its reason and nothing changed, reads logged,
the data-subject export section and the erasure refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.formats import localize
from django.utils.translation import gettext

from abitare.core.exceptions import DomainError
from abitare.core.models import AccessLogEntry
from abitare.hosting import services
from abitare.hosting.models import EmergencyRequest, HostSupportEntry, Placement
from abitare.hosting.tests.conftest import day, make_host, make_request
from abitare.registry.models import HouseholdMember
from abitare.registry.services import person_erase, person_export
from abitare.registry.tests.factories import actor_of
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_request_page_lists_hosts_with_room_and_places(operator, host, emergency):
    client = client_for(operator)
    page = client.get(f"/ospitalita/richieste/{emergency.pk}/").content.decode()
    assert str(host) in page
    assert AccessLogEntry.objects.filter(record_type="hosting.emergencyrequest", record_id=str(emergency.pk)).exists()
    response = client.post(
        f"/ospitalita/richieste/{emergency.pk}/inserimento/",
        {"host": host.pk, "guests": 1, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
    )
    assert response.status_code == 302
    assert Placement.objects.get().host == host


def test_placing_into_a_full_host_is_refused_with_the_reason(operator, emergency):
    host = make_host(operator, capacity=1, n=3)
    services.placement_create(
        actor=actor_of(operator), request=make_request(operator, n=4), host=host, start=day(0), planned_end=day(9)
    )
    response = client_for(operator).post(
        f"/ospitalita/richieste/{emergency.pk}/inserimento/",
        {"host": host.pk, "guests": 1, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
    )
    assert response.status_code == 400
    assert gettext("Please correct the errors below.") in response.content.decode()
    assert Placement.objects.count() == 1
    emergency.refresh_from_db()
    assert emergency.status == EmergencyRequest.Status.OPEN


def test_the_api_answers_409_with_the_field_when_no_bed_is_free(operator, emergency):
    host = make_host(operator, capacity=1, n=3)
    services.placement_create(
        actor=actor_of(operator), request=make_request(operator, n=4), host=host, start=day(0), planned_end=day(9)
    )
    response = client_for(operator).post(
        "/api/v1/placements/",
        {"request": emergency.pk, "host": host.pk, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert set(response.json()["error"]["fields"]) == {"host"}
    assert Placement.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "food_voucher", "amount": "abc", "occurred_on": "2026-01-01"},
        {"kind": "food_voucher", "amount": "-4", "occurred_on": "2026-01-01"},
        {"kind": "home_care_hours", "amount": "4", "occurred_on": "2026-01-01"},
        {"kind": "gift", "amount": "4", "occurred_on": "2026-01-01"},
        {"kind": "food_voucher", "amount": "4", "occurred_on": "yesterday"},
    ],
)
def test_bad_support_input_is_a_400_with_fields_and_changes_nothing(operator, host, body):
    api = client_for(operator).post(f"/api/v1/hosts/{host.pk}/support/", body, content_type="application/json")
    assert api.status_code == 400
    assert api.json()["error"]["fields"]
    page = client_for(operator).post(f"/ospitalita/famiglie/{host.pk}/sostegno/", body)
    assert page.status_code == 400
    assert not HostSupportEntry.objects.exists()


def test_the_host_page_shows_ledger_totals(operator, host):
    client = client_for(operator)
    for amount in ("10.10", "0.20"):
        client.post(
            f"/ospitalita/famiglie/{host.pk}/sostegno/",
            {"kind": "food_voucher", "amount": amount, "occurred_on": day(0).isoformat()},
        )
    ledger = client.get(f"/api/v1/hosts/{host.pk}/support/").json()
    assert ledger["totals"]["food_vouchers"] == "10.30"
    page = client.get(f"/ospitalita/famiglie/{host.pk}/").content.decode()
    assert f'data-testid="money-total">€ {localize(Decimal("10.30"))}<' in page


def test_a_new_request_from_the_form_refuses_a_household_of_another_organisation(operator, other_emergency):
    response = client_for(operator).post(
        "/ospitalita/richieste/nuova/",
        {
            "household": other_emergency.household_id,
            "guests": 1,
            "urgency": "urgent",
            "wanted_from": day(0).isoformat(),
            "wanted_until": day(2).isoformat(),
            "requested_by": "Servizi sociali",
        },
    )
    assert response.status_code == 400
    assert EmergencyRequest.objects.count() == 1


def test_export_lists_hosting_and_erasure_waits_for_the_end_of_a_placement(operator, coordinator, host, emergency):
    placement = services.placement_create(
        actor=actor_of(operator), request=emergency, host=host, start=day(0), planned_end=day(3)
    )
    guest = HouseholdMember.objects.filter(household=emergency.household).get().person
    data = person_export(actor=actor_of(coordinator), person=guest)
    assert data["hosting"]["requests"][0]["id"] == emergency.pk
    assert data["hosting"]["placements"][0]["host"] == host.pk
    with pytest.raises(DomainError):
        person_erase(actor=actor_of(coordinator), person=guest)
    host_person = HouseholdMember.objects.filter(household=host.household).get().person
    with pytest.raises(DomainError):
        person_erase(actor=actor_of(coordinator), person=host_person)
    services.placement_end(actor=actor_of(operator), placement=placement, on=day(1))
    person_erase(actor=actor_of(coordinator), person=guest)
    emergency.refresh_from_db()
    assert emergency.needs == ""


def test_the_work_list_shows_open_requests_and_placements_ending(operator, host, emergency):
    services.placement_create(
        actor=actor_of(operator), request=make_request(operator, n=5), host=host, start=day(-2), planned_end=day(3)
    )
    page = client_for(operator).get("/lavoro/").content.decode()
    assert f"/ospitalita/richieste/{emergency.pk}/" in page
    assert str(host) in page


def test_money_is_decimal_in_the_api(operator, host):
    services.support_record(
        actor=actor_of(operator), host=host, kind="reimbursement", amount=Decimal("0.1"), occurred_on=day(0)
    )
    entry = client_for(operator).get(f"/api/v1/hosts/{host.pk}/support/").json()["entries"][0]
    assert entry["amount"] == "0.10"
