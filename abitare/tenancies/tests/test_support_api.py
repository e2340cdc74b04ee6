"""Support-plan API: the permission matrix for every endpoint, notes only for the sensitive-data
flag (no key, no count otherwise), 4xx with field errors for bad input and nothing saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.core.models import AccessLogEntry
from abitare.registry.tests.factories import make_household, make_person
from abitare.tenancies.models import Goal, MediationCase, MediationNote, Meeting, MeetingNote, Referral, SupportPlan
from abitare.tenancies.tests.support_helpers import CASE_NOTE, MEETING_NOTE, days_ago, make_support_world
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, sensitive_operator):
    return make_support_world(world, sensitive_operator)


def _counts() -> dict[str, int]:
    models = (SupportPlan, Goal, Meeting, MeetingNote, MediationCase, MediationNote, Referral)
    return {model.__name__: model.objects.count() for model in models}


# (method, url name, path arguments, body, needs the sensitive flag)
ENDPOINTS: list[tuple[str, str, Callable[[Any], list[int]], Callable[[Any], dict[str, Any]], bool]] = [
    ("get", "api:support-plan-list", lambda sw: [], lambda sw: {}, False),
    ("post", "api:support-plan-list", lambda sw: [], lambda sw: {}, False),
    ("get", "api:support-plan-detail", lambda sw: [sw.plan.pk], lambda sw: {}, False),
    ("post", "api:support-plan-close", lambda sw: [sw.plan.pk], lambda sw: {}, False),
    ("post", "api:support-goal-create", lambda sw: [sw.plan.pk], lambda sw: {}, False),
    ("post", "api:support-goal-status", lambda sw: [sw.plan.goals.get().pk], lambda sw: {}, False),
    ("post", "api:support-meeting-create", lambda sw: [sw.plan.pk], lambda sw: {}, False),
    ("post", "api:support-meeting-note", lambda sw: [sw.meeting.pk], lambda sw: {}, True),
    ("post", "api:support-referral-create", lambda sw: [sw.plan.pk], lambda sw: {}, False),
    ("post", "api:support-referral-outcome", lambda sw: [sw.referral.pk], lambda sw: {}, False),
    ("get", "api:mediation-list", lambda sw: [], lambda sw: {}, False),
    ("post", "api:mediation-list", lambda sw: [], lambda sw: {}, False),
    ("get", "api:mediation-detail", lambda sw: [sw.case.pk], lambda sw: {}, False),
    ("post", "api:mediation-meeting-create", lambda sw: [sw.case.pk], lambda sw: {}, False),
    ("post", "api:mediation-note", lambda sw: [sw.case.pk], lambda sw: {}, True),
    ("post", "api:mediation-close", lambda sw: [sw.case.pk], lambda sw: {}, False),
]
IDS = [f"{method}-{name.split(':')[1]}" for method, name, *_rest in ENDPOINTS]


def _call(client: Any, method: str, name: str, args: Callable[[Any], list[int]], sw: Any, body: Any = None) -> Any:
    url = reverse(name, args=args(sw))
    if method == "get":
        return client.get(url)
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize(("method", "name", "args", "body", "sensitive"), ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(client, sw, method, name, args, body, sensitive):
    before = _counts()
    response = _call(client, method, name, args, sw)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert _counts() == before


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
@pytest.mark.parametrize(("method", "name", "args", "body", "sensitive"), ENDPOINTS, ids=IDS)
def test_wrong_role_gets_403(world, sw, role, method, name, args, body, sensitive):
    user = make_member(organisation=world.organisation, territory=world.district, role=role, sensitive_data=True)
    before = _counts()
    assert _call(client_for(user), method, name, args, sw).status_code == 403
    assert _counts() == before


@pytest.mark.parametrize(("method", "name", "args", "body", "sensitive"), ENDPOINTS, ids=IDS)
def test_other_organisation_gets_404_or_an_empty_list(world, sw, method, name, args, body, sensitive):
    stranger = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.OPERATOR, sensitive_data=True
    )
    before = _counts()
    response = _call(client_for(stranger), method, name, args, sw)
    if args(sw):
        assert response.status_code == 404
    elif method == "get":
        assert response.status_code == 200
        assert response.json()["count"] == 0
    else:
        assert response.status_code == 400  # empty body: field errors, nothing of ours touched
    assert _counts() == before


@pytest.mark.parametrize(("method", "name", "args", "body", "sensitive"), ENDPOINTS, ids=IDS)
def test_case_worker_without_the_flag(sw, operator, method, name, args, body, sensitive):
    before = _counts()
    response = _call(client_for(operator), method, name, args, sw)
    if sensitive:
        assert response.status_code == 403
    elif method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 400  # reached the endpoint; the empty body is refused
        assert response.json()["error"]["fields"]
    assert _counts() == before


@pytest.mark.parametrize(("method", "name", "args", "body", "sensitive"), ENDPOINTS, ids=IDS)
def test_case_worker_with_the_flag(sw, sensitive_operator, method, name, args, body, sensitive):
    response = _call(client_for(sensitive_operator), method, name, args, sw)
    assert response.status_code == (200 if method == "get" else 400)


def test_notes_are_absent_from_the_api_without_the_flag(sw, operator, coordinator):
    for user in (operator, coordinator):
        client = client_for(user)
        plan = client.get(reverse("api:support-plan-detail", args=[sw.plan.pk]))
        case = client.get(reverse("api:mediation-detail", args=[sw.case.pk]))
        for response in (
            plan,
            case,
            client.get(reverse("api:support-plan-list")),
            client.get(reverse("api:mediation-list")),
        ):
            text = response.content.decode()
            assert MEETING_NOTE not in text
            assert CASE_NOTE not in text
            assert '"notes"' not in text
        assert "notes" not in plan.json()["meetings"][0]
        assert "notes" not in case.json()


def test_notes_are_served_to_the_flag_and_logged(sw, sensitive_operator):
    client = client_for(sensitive_operator)
    plan = client.get(reverse("api:support-plan-detail", args=[sw.plan.pk])).json()
    case = client.get(reverse("api:mediation-detail", args=[sw.case.pk])).json()
    assert [note["text"] for note in plan["meetings"][0]["notes"]] == [MEETING_NOTE]
    assert [note["text"] for note in case["notes"]] == [CASE_NOTE]
    assert AccessLogEntry.objects.filter(
        record_type="tenancies.meetingnote", channel="api", purpose="sensitive"
    ).exists()
    assert AccessLogEntry.objects.filter(record_type="tenancies.mediationnote", channel="api").exists()


def test_a_meeting_with_a_note_is_refused_without_the_flag_and_nothing_is_saved(sw, operator):
    before = _counts()
    response = client_for(operator).post(
        reverse("api:support-meeting-create", args=[sw.plan.pk]),
        data=json.dumps({"held_on": days_ago(0).isoformat(), "summary": "Colloquio", "note": "Segreto"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["fields"] == {"note": [response.json()["error"]["message"]]}
    assert _counts() == before


def test_open_a_plan_through_the_api(world, sensitive_operator):

    household = make_household(sensitive_operator, make_person(sensitive_operator, n=5), name="Famiglia Blu")
    response = client_for(sensitive_operator).post(
        reverse("api:support-plan-list"),
        data=json.dumps(
            {
                "household": household.pk,
                "key_worker": sensitive_operator.pk,
                "started_on": days_ago(0).isoformat(),
                "next_review_on": days_ago(-30).isoformat(),
                "goals": [{"title": "Risparmiare per la casa"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["household"] == household.pk
    assert [goal["title"] for goal in body["goals"]] == ["Risparmiare per la casa"]
    assert body["goals"][0]["history"] == [
        {"from_status": "", "to_status": "proposed", "changed_on": days_ago(0).isoformat()}
    ]


def test_bad_api_input_gets_field_errors_and_saves_nothing(sw, sensitive_operator):
    client = client_for(sensitive_operator)
    before = _counts()
    cases = [
        (
            "api:support-plan-list",
            [],
            {"household": sw.household.pk, "key_worker": 0, "started_on": "x", "next_review_on": "y"},
        ),
        (
            "api:support-plan-list",
            [],
            {
                "household": sw.household.pk,
                "key_worker": sensitive_operator.pk,
                "started_on": days_ago(0).isoformat(),
                "next_review_on": days_ago(-3).isoformat(),
            },
        ),
        (
            "api:support-meeting-create",
            [sw.plan.pk],
            {"held_on": days_ago(-3).isoformat(), "summary": "x", "attendees": [999999]},
        ),
        (
            "api:support-referral-create",
            [sw.plan.pk],
            {"kind": "lab", "lab": 999999, "sent_on": days_ago(0).isoformat(), "follow_up_on": days_ago(0).isoformat()},
        ),
        ("api:support-goal-status", [sw.plan.goals.get().pk], {"status": "achieved"}),
        (
            "api:mediation-list",
            [],
            {
                "territory": 0,
                "subject": "noise",
                "opened_on": days_ago(0).isoformat(),
                "mediator": sensitive_operator.pk,
                "households": [sw.household.pk],
            },
        ),
        ("api:mediation-close", [sw.case.pk], {"closed_on": days_ago(0).isoformat(), "outcome": "war"}),
    ]
    for name, args, body in cases:
        response = client.post(reverse(name, args=args), data=json.dumps(body), content_type="application/json")
        assert response.status_code in {400, 409}, (name, response.content)
        assert response.json()["error"]["fields"], name
    assert _counts() == before


def test_record_a_mediation_meeting_with_a_note_through_the_api(sw, sensitive_operator):
    response = client_for(sensitive_operator).post(
        reverse("api:mediation-meeting-create", args=[sw.case.pk]),
        data=json.dumps(
            {
                "held_on": days_ago(0).isoformat(),
                "kind": "joint",
                "attendees": [sw.person.pk],
                "summary": "Incontro congiunto",
                "note": "Accordo sugli orari",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [note["text"] for note in response.json()["notes"]] == ["Accordo sugli orari"]
