"""The permission matrix of every hosting page and endpoint: anonymous, roles the rule does not
name, another organisation, and the roles it names. Denied requests change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from abitare.accounts.models import Role
from abitare.accounts.testing import two_memberships
from abitare.accounts.tests.factories import make_member
from abitare.core.testing import Route, anonymous_refusal, assert_reached, assert_refused, call
from abitare.core.testing import client_for as client_for_membership
from abitare.hosting import services
from abitare.hosting.models import EmergencyRequest, Host, HostAvailability, HostSupportEntry, Placement
from abitare.hosting.tests.conftest import day, make_host, make_request
from abitare.registry.tests.factories import actor_of
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(operator):
    host = make_host(operator, capacity=3)
    placed = make_request(operator, n=1)
    placement = services.placement_create(
        actor=actor_of(operator), request=placed, host=host, start=day(0), planned_end=day(5)
    )
    entry = services.support_record(
        actor=actor_of(operator), host=host, kind="food_voucher", amount=Decimal(20), occurred_on=day(0)
    )
    return {
        "host": host,
        "open": make_request(operator, n=2),
        "api_open": make_request(operator, n=3),
        "placement": placement,
        "entry": entry,
        "api_entry": services.support_record(
            actor=actor_of(operator), host=host, kind="reimbursement", amount=Decimal(8), occurred_on=day(0)
        ),
    }


def state():
    return (
        list(Host.objects.order_by("pk").values_list("pk", "capacity", "status")),
        HostAvailability.objects.count(),
        list(EmergencyRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Placement.objects.order_by("pk").values_list("pk", "actual_end")),
        HostSupportEntry.objects.count(),
    )


def routes(s):
    """Every page and endpoint of the module, with what to send and the status of a success."""
    host, req, api_req, placement, entry = s["host"], s["open"], s["api_open"], s["placement"], s["entry"]
    household = req.household_id
    offers = {"capacity": 3, "conditions": "", "offers_room": "on", "status": "active"}
    return [
        Route("get", "/ospitalita/", None, 200),
        Route("get", "/ospitalita/richieste/nuova/", None, 200),
        Route(
            "post",
            "/ospitalita/richieste/nuova/",
            {
                "household": household,
                "guests": 1,
                "urgency": "urgent",
                "wanted_from": day(1).isoformat(),
                "wanted_until": day(3).isoformat(),
                "requested_by": "Servizi sociali",
            },
            302,
        ),
        Route("get", f"/ospitalita/richieste/{req.pk}/", None, 200),
        Route(
            "post",
            f"/ospitalita/richieste/{req.pk}/inserimento/",
            {"host": host.pk, "guests": 1, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
            302,
        ),
        Route("post", f"/ospitalita/inserimenti/{placement.pk}/fine/", {"actual_end": day(1).isoformat()}, 302),
        Route(
            "post", f"/ospitalita/richieste/{req.pk}/stato/", {"close-status": "withdrawn", "close-reason": "x"}, 302
        ),
        Route("get", "/ospitalita/famiglie/", None, 200),
        Route("get", "/ospitalita/famiglie/nuova/", None, 200),
        Route("get", f"/ospitalita/famiglie/{host.pk}/", None, 200),
        Route("post", f"/ospitalita/famiglie/{host.pk}/modifica/", offers, 302),
        Route(
            "post",
            f"/ospitalita/famiglie/{host.pk}/disponibilita/",
            {"start": day(100).isoformat(), "end": day(120).isoformat()},
            302,
        ),
        Route(
            "post",
            f"/ospitalita/famiglie/{host.pk}/sostegno/",
            {"kind": "reimbursement", "amount": "12.50", "occurred_on": day(0).isoformat()},
            302,
        ),
        Route("get", f"/ospitalita/sostegno/{entry.pk}/storno/", None, 200),
        Route("post", f"/ospitalita/sostegno/{entry.pk}/storno/", {"reason": "Errore"}, 302),
        Route("get", "/api/v1/hosts/", None, 200),
        Route("get", f"/api/v1/hosts/{host.pk}/", None, 200),
        Route("put", f"/api/v1/hosts/{host.pk}/", {"capacity": 3, "status": "active"}, 200),
        Route(
            "post",
            f"/api/v1/hosts/{host.pk}/availability/",
            {"start": day(200).isoformat(), "end": day(220).isoformat()},
            201,
        ),
        Route("get", f"/api/v1/hosts/{host.pk}/support/", None, 200),
        Route(
            "post",
            f"/api/v1/hosts/{host.pk}/support/",
            {"kind": "home_care_hours", "hours": "3", "occurred_on": day(0).isoformat()},
            201,
        ),
        Route("post", f"/api/v1/host-support/{s['api_entry'].pk}/reverse/", {"reason": "Errore"}, 201),
        Route("get", "/api/v1/emergency-requests/", None, 200),
        Route("get", f"/api/v1/emergency-requests/{req.pk}/", None, 200),
        Route("get", f"/api/v1/emergency-requests/{req.pk}/hosts/", None, 200),
        Route("post", f"/api/v1/emergency-requests/{req.pk}/status/", {"status": "withdrawn", "reason": "x"}, 200),
        Route("get", "/api/v1/placements/", None, 200),
        Route(
            "post",
            "/api/v1/placements/",
            {"request": api_req.pk, "host": host.pk, "start": day(0).isoformat(), "planned_end": day(7).isoformat()},
            201,
        ),
        Route("post", f"/api/v1/placements/{placement.pk}/end/", {"actual_end": day(1).isoformat()}, 200),
    ]


LISTS = {
    "/ospitalita/",
    "/ospitalita/famiglie/",
    "/api/v1/hosts/",
    "/api/v1/emergency-requests/",
    "/api/v1/placements/",
}
FORMS = {"/ospitalita/richieste/nuova/", "/ospitalita/famiglie/nuova/"}


def test_anonymous_visitors_are_refused_and_nothing_changes(scene):
    assert_refused(Client(), routes(scene), state, expected=anonymous_refusal, label="anonymous")


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
def test_roles_without_casework_are_refused_and_nothing_changes(world, scene, role):
    client = client_for(make_member(organisation=world.organisation, territory=world.district, role=role))
    assert_refused(client, routes(scene), state, label=role)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
def test_casework_held_under_another_membership_does_not_count(world, scene, role):
    user, in_force, _operator = two_memberships(
        organisation=world.organisation, territory=world.district, in_force=role, also=Role.OPERATOR
    )
    assert_refused(client_for_membership(user, in_force), routes(scene), state, label=role)


def test_another_organisation_sees_nothing_and_changes_nothing(scene, other_org_operator):
    client = client_for(other_org_operator)
    before = state()
    for route in routes(scene):
        method, url = route.method, route.url
        response = call(client, route)
        if url in LISTS and method == "get":
            assert response.status_code == 200, url
            assert str(scene["host"]) not in response.content.decode(), url
        elif url in FORMS:
            # A form of its own: the household of another organisation is not found.
            assert response.status_code in (200, 400), (method, url, response.status_code)
        elif url == "/api/v1/placements/":
            assert response.status_code == 400, (method, url, response.status_code)
        else:
            assert response.status_code == 404, (method, url, response.status_code)
    assert state() == before


@pytest.mark.parametrize("persona", ["operator", "coordinator"])
def test_casework_roles_reach_every_page_and_endpoint(request, persona):
    user = request.getfixturevalue(persona)
    scene = request.getfixturevalue("scene")
    changing = ("/stato/", "/status/", "/fine/", "/end/")
    # Closing a request or ending a placement changes the scene for the next lines: checked below.
    steady = [route for route in routes(scene) if not any(part in route.url for part in changing)]
    assert_reached(client_for(user), steady, label=persona)


def test_state_changes_succeed_for_the_operator(operator, scene):
    client = client_for(operator)
    placement = scene["placement"]
    response = client.post(f"/ospitalita/inserimenti/{placement.pk}/fine/", {"actual_end": day(1).isoformat()})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.actual_end == day(1)
    req = scene["open"]
    response = client.post(
        f"/api/v1/emergency-requests/{req.pk}/status/",
        {"status": "withdrawn", "reason": "Ospitata da parenti"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
