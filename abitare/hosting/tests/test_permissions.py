"""The permission matrix of every hosting page and endpoint: operators and coordinators of the
organisation; every other role, anonymous visitors and a user working under another role while
holding one of those are refused and change nothing; another organisation does not find our
hosts, requests and placements, nor lists them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import Case, client_for, route_names, rows_of
from abitare.hosting import services
from abitare.hosting.tests.conftest import day, make_host, make_request

HOSTING = frozenset({Role.OPERATOR, Role.COORDINATOR})
OFFERS = {"capacity": 3, "conditions": "", "offers_room": "on", "status": "active"}


def new_request(scene):
    return {
        "household": scene["open"].household_id,
        "guests": 1,
        "urgency": "urgent",
        "wanted_from": day(1).isoformat(),
        "wanted_until": day(3).isoformat(),
        "requested_by": "Servizi sociali",
    }


def placement(scene):
    return {"host": scene["host"].pk, "guests": 1, "start": day(0).isoformat(), "planned_end": day(7).isoformat()}


def api_placement(scene):
    return {
        "request": scene["open"].pk,
        "host": scene["host"].pk,
        "start": day(0).isoformat(),
        "planned_end": day(7).isoformat(),
    }


TABLE = [
    Case("hosting:request-list", HOSTING),
    Case("hosting:request-create", HOSTING),
    # Another organisation's form does not offer our household.
    Case("hosting:request-create", HOSTING, "post", body=new_request, ok=302, elsewhere=400),
    Case("hosting:request-detail", HOSTING, at="open"),
    Case("hosting:placement-create", HOSTING, "post", at="open", body=placement, ok=302),
    Case("hosting:placement-end", HOSTING, "post", at="placement", body={"actual_end": day(1).isoformat()}, ok=302),
    Case(
        "hosting:request-status",
        HOSTING,
        "post",
        at="open",
        body={"close-status": "withdrawn", "close-reason": "x"},
        ok=302,
    ),
    Case("hosting:host-list", HOSTING),
    Case("hosting:host-create", HOSTING),
    Case("hosting:host-detail", HOSTING, at="host"),
    Case("hosting:host-update", HOSTING, "post", at="host", body=OFFERS, ok=302),
    Case(
        "hosting:availability-add",
        HOSTING,
        "post",
        at="host",
        body={"start": day(100).isoformat(), "end": day(120).isoformat()},
        ok=302,
    ),
    Case(
        "hosting:support-record",
        HOSTING,
        "post",
        at="host",
        body={"kind": "reimbursement", "amount": "12.50", "occurred_on": day(0).isoformat()},
        ok=302,
    ),
    Case("hosting:support-reverse", HOSTING, at="entry"),
    Case("hosting:support-reverse", HOSTING, "post", at="entry", body={"reason": "Errore"}, ok=302),
    Case("api:host-list", HOSTING),
    Case("api:host-list", HOSTING, "post", body={}, ok=400),
    Case("api:host-detail", HOSTING, at="host"),
    Case("api:host-detail", HOSTING, "put", at="host", body={"capacity": 3, "status": "active"}),
    Case(
        "api:host-availability",
        HOSTING,
        "post",
        at="host",
        body={"start": day(200).isoformat(), "end": day(220).isoformat()},
        ok=201,
    ),
    Case("api:host-support", HOSTING, at="host"),
    Case(
        "api:host-support",
        HOSTING,
        "post",
        at="host",
        body={"kind": "home_care_hours", "hours": "3", "occurred_on": day(0).isoformat()},
        ok=201,
    ),
    Case("api:host-support-reverse", HOSTING, "post", at="entry", body={"reason": "Errore"}, ok=201),
    Case("api:emergency-request-list", HOSTING),
    Case("api:emergency-request-list", HOSTING, "post", body={}, ok=400),
    Case("api:emergency-request-detail", HOSTING, at="open"),
    Case("api:emergency-request-hosts", HOSTING, at="open"),
    Case(
        "api:emergency-request-status",
        HOSTING,
        "post",
        at="open",
        body={"status": "withdrawn", "reason": "Ospitata da parenti"},
    ),
    Case("api:placement-list", HOSTING),
    Case("api:placement-list", HOSTING, "post", body=api_placement, ok=201, elsewhere=400),
    Case("api:placement-end", HOSTING, "post", at="placement", body={"actual_end": day(1).isoformat()}),
]
LISTS = [
    "hosting:request-list",
    "hosting:host-list",
    "api:host-list",
    "api:emergency-request-list",
    "api:placement-list",
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        operator = cast.members[Role.OPERATOR]
        actor = acting(operator)
        host = make_host(operator, capacity=3)
        placed = make_request(operator, n=1)
        return {
            "host": host,
            "open": make_request(operator, n=2),
            "placement": services.placement_create(
                actor=actor, request=placed, host=host, start=day(0), planned_end=day(5)
            ),
            "entry": services.support_record(
                actor=actor, host=host, kind="food_voucher", amount=Decimal(20), occurred_on=day(0)
            ),
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.hosting.urls", "hosting") | route_names("abitare.hosting.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_hosting_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("hosting"))


@pytest.mark.parametrize("name", LISTS)
def test_another_organisation_lists_none_of_ours(cast, scene, name, db):
    ours = client_for(cast.members[Role.OPERATOR]).get(reverse(name))
    theirs = client_for(cast.others[Role.OPERATOR]).get(reverse(name))
    assert (ours.status_code, theirs.status_code) == (200, 200)
    if name.startswith("api:"):
        assert (ours.json()["count"] > 0, theirs.json()["results"]) == (True, []), name
    else:
        assert str(scene["host"]) in ours.content.decode() or str(scene["open"]) in ours.content.decode(), name
        assert str(scene["host"]) not in theirs.content.decode(), name
        assert str(scene["open"]) not in theirs.content.decode(), name
