"""Support-plan pages: the permission matrix (anonymous, wrong role, other organisation, case worker
without and with the sensitive-data flag), notes never shown without the flag, the access log,
forms that refuse bad input and save nothing, the htmx goal fragment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from abitare.accounts.models import Membership, Role
from abitare.accounts.services import membership_grant
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


# (url name, object the URL needs, needs the sensitive flag)
PAGES: list[tuple[str, Callable[[Any], list[int]], bool]] = [
    ("tenancies:support-plan-list", lambda sw: [], False),
    ("tenancies:support-plan-create", lambda sw: [], False),
    ("tenancies:support-plan-detail", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-plan-edit", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-plan-close", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-goal-create", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-meeting-create", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-meeting-note", lambda sw: [sw.meeting.pk], True),
    ("tenancies:support-referral-create", lambda sw: [sw.plan.pk], False),
    ("tenancies:support-referral-outcome", lambda sw: [sw.referral.pk], False),
    ("tenancies:mediation-list", lambda sw: [], False),
    ("tenancies:mediation-create", lambda sw: [], False),
    ("tenancies:mediation-detail", lambda sw: [sw.case.pk], False),
    ("tenancies:mediation-meeting-create", lambda sw: [sw.case.pk], False),
    ("tenancies:mediation-note", lambda sw: [sw.case.pk], True),
    ("tenancies:mediation-close", lambda sw: [sw.case.pk], False),
]
IDS = [name.split(":")[1] for name, _args, _sensitive in PAGES]


def _url(name: str, args: Callable[[Any], list[int]], sw: Any) -> str:
    return reverse(name, args=args(sw))


@pytest.mark.parametrize(("name", "args", "sensitive"), PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, sw, name, args, sensitive):
    response = client.get(_url(name, args, sw))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
@pytest.mark.parametrize(("name", "args", "sensitive"), PAGES, ids=IDS)
def test_wrong_role_is_refused_even_with_the_sensitive_flag(world, sw, role, name, args, sensitive):
    user = make_member(organisation=world.organisation, territory=world.district, role=role, sensitive_data=True)
    assert client_for(user).get(_url(name, args, sw)).status_code == 403


@pytest.mark.parametrize(("name", "args", "sensitive"), PAGES, ids=IDS)
def test_other_organisation_sees_no_record(world, sw, name, args, sensitive):
    stranger = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.OPERATOR, sensitive_data=True
    )
    response = client_for(stranger).get(_url(name, args, sw))
    if args(sw):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert b"Famiglia Rossi" not in response.content


@pytest.mark.parametrize(("name", "args", "sensitive"), PAGES, ids=IDS)
def test_case_worker_without_the_flag_reaches_all_but_the_note_pages(sw, operator, name, args, sensitive):
    response = client_for(operator).get(_url(name, args, sw))
    assert response.status_code == (403 if sensitive else 200)


@pytest.mark.parametrize(("name", "args", "sensitive"), PAGES, ids=IDS)
def test_case_worker_with_the_flag_reaches_every_page(sw, sensitive_operator, name, args, sensitive):
    assert client_for(sensitive_operator).get(_url(name, args, sw)).status_code == 200


@pytest.mark.parametrize("user_fixture", ["operator", "coordinator"])
def test_notes_never_appear_for_members_without_the_flag(request, sw, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))
    pages = [
        reverse("tenancies:support-plan-detail", args=[sw.plan.pk]),
        reverse("tenancies:mediation-detail", args=[sw.case.pk]),
        reverse("tenancies:support-plan-list"),
        reverse("tenancies:mediation-list"),
        reverse("tenancies:support-meeting-create", args=[sw.plan.pk]),
        reverse("tenancies:mediation-create"),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert MEETING_NOTE not in content, url
        assert CASE_NOTE not in content, url
        assert 'data-testid="meeting-notes"' not in content, url
        assert 'data-testid="case-notes"' not in content, url
        assert 'name="note"' not in content, url
        assert 'name="description"' not in content, url
        assert reverse("tenancies:support-meeting-note", args=[sw.meeting.pk]) not in content, url
    assert not AccessLogEntry.objects.filter(
        record_type__in=["tenancies.meetingnote", "tenancies.mediationnote"]
    ).exists()


def test_notes_are_shown_to_the_flag_and_every_read_is_logged(sw, sensitive_operator):
    client = client_for(sensitive_operator)
    plan_page = client.get(reverse("tenancies:support-plan-detail", args=[sw.plan.pk])).content.decode()
    case_page = client.get(reverse("tenancies:mediation-detail", args=[sw.case.pk])).content.decode()
    assert MEETING_NOTE in plan_page
    assert CASE_NOTE in case_page
    note = MeetingNote.objects.get(meeting=sw.meeting)
    description = MediationNote.objects.get(case=sw.case)
    logged = set(AccessLogEntry.objects.values_list("record_type", "record_id", "purpose"))
    assert ("tenancies.meetingnote", str(note.pk), "sensitive") in logged
    assert ("tenancies.mediationnote", str(description.pk), "sensitive") in logged
    assert ("tenancies.supportplan", str(sw.plan.pk), "") in logged


def test_the_flag_must_be_on_the_current_membership(world, sw):
    # The same user has the flag as a coordinator elsewhere in the organisation, but works now
    # as an operator without it: the notes stay hidden.

    user = make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR)
    membership_grant(
        user=user,
        organisation=world.organisation,
        territory=world.municipality,
        role=Role.COORDINATOR,
        sensitive_data=True,
    )
    current = Membership.objects.get(user=user, role=Role.OPERATOR)
    client = client_for(user)
    url = reverse("tenancies:support-plan-detail", args=[sw.plan.pk])
    content = client.get(url, HTTP_X_ABITARE_MEMBERSHIP=str(current.pk)).content.decode()
    assert MEETING_NOTE not in content
    other = Membership.objects.get(user=user, role=Role.COORDINATOR)
    assert MEETING_NOTE in client.get(url, HTTP_X_ABITARE_MEMBERSHIP=str(other.pk)).content.decode()


def test_plan_list_filters_and_htmx_fragment(sw, sensitive_operator):
    client = client_for(sensitive_operator)
    url = reverse("tenancies:support-plan-list")
    assert b"Famiglia Rossi" in client.get(url, {"review_due": "1", "mine": "1"}).content
    assert b"Famiglia Rossi" not in client.get(url, {"status": "closed"}).content
    assert b"Famiglia Rossi" not in client.get(url, {"q": "Bianchi"}).content
    fragment = client.get(url, {"q": "rossi"}, HTTP_HX_REQUEST="true")
    assert b"Famiglia Rossi" in fragment.content
    assert b"<html" not in fragment.content


def test_opening_a_plan_from_the_form(world, sw, operator):

    household = make_household(operator, make_person(operator, n=7), name="Famiglia Neri")
    response = client_for(operator).post(
        reverse("tenancies:support-plan-create"),
        {
            "household": household.pk,
            "key_worker": operator.pk,
            "started_on": days_ago(0).isoformat(),
            "next_review_on": days_ago(-30).isoformat(),
            "goal": "Pagare il canone con regolarità",
        },
    )
    plan = SupportPlan.objects.get(household=household)
    assert response.status_code == 302
    assert response["Location"] == reverse("tenancies:support-plan-detail", args=[plan.pk])
    assert list(plan.goals.values_list("title", flat=True)) == ["Pagare il canone con regolarità"]


def test_bad_plan_form_saves_nothing(sw, operator):
    before = _counts()
    response = client_for(operator).post(
        reverse("tenancies:support-plan-create"),
        {
            "household": sw.household.pk,  # already has an open plan
            "key_worker": operator.pk,
            "started_on": days_ago(0).isoformat(),
            "next_review_on": days_ago(-30).isoformat(),
            "goal": "Altro",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert _counts() == before
    response = client_for(operator).post(
        reverse("tenancies:support-plan-create"),
        {"household": "999999", "key_worker": "", "started_on": "ieri", "next_review_on": ""},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"household", "key_worker", "started_on", "next_review_on"}
    assert _counts() == before


def test_meeting_form_with_a_note_for_the_flag(sw, sensitive_operator):
    response = client_for(sensitive_operator).post(
        reverse("tenancies:support-meeting-create", args=[sw.plan.pk]),
        {
            "held_on": days_ago(0).isoformat(),
            "kind": "home_visit",
            "attendees": [sw.person.pk],
            "summary": "Visita domiciliare svolta",
            "note": "Casa in ordine",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(summary="Visita domiciliare svolta")
    assert list(meeting.attendees.all()) == [sw.person]
    assert MeetingNote.objects.get(meeting=meeting).text == "Casa in ordine"


def test_a_note_posted_without_the_flag_is_ignored_by_the_form_and_refused_by_the_page(sw, operator):
    before = _counts()
    client = client_for(operator)
    response = client.post(
        reverse("tenancies:support-meeting-create", args=[sw.plan.pk]),
        {"held_on": days_ago(0).isoformat(), "kind": "phone", "summary": "Telefonata", "note": "Segreto"},
    )
    assert response.status_code == 302
    assert not MeetingNote.objects.filter(text="Segreto").exists()
    assert (
        client.post(reverse("tenancies:support-meeting-note", args=[sw.meeting.pk]), {"text": "x"}).status_code == 403
    )
    assert client.post(reverse("tenancies:mediation-note", args=[sw.case.pk]), {"text": "x"}).status_code == 403
    assert MeetingNote.objects.count() == before["MeetingNote"]
    assert MediationNote.objects.count() == before["MediationNote"]


def test_bad_meeting_form_saves_nothing(sw, sensitive_operator):
    before = _counts()
    response = client_for(sensitive_operator).post(
        reverse("tenancies:support-meeting-create", args=[sw.plan.pk]),
        {"held_on": days_ago(-5).isoformat(), "kind": "interview", "summary": "Futuro", "note": "Nota"},
    )
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors
    assert _counts() == before


def test_goal_status_change_with_htmx_swaps_the_goals(sw, operator):
    goal = sw.plan.goals.get()
    client = client_for(operator)
    url = reverse("tenancies:support-goal-status", args=[goal.pk])
    response = client.post(url, {"status": "in_progress"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="goals"' in response.content
    assert b"<html" not in response.content
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    refused = client.post(url, {"status": "proposed"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    goal.refresh_from_db()
    assert goal.status == "in_progress"


def test_denied_writes_change_nothing(world, sw, facilitator, other_org_operator):
    goal = sw.plan.goals.get()
    before = _counts()
    for user in (facilitator, other_org_operator):
        client = client_for(user)
        client.post(reverse("tenancies:support-goal-status", args=[goal.pk]), {"status": "in_progress"})
        client.post(
            reverse("tenancies:support-plan-close", args=[sw.plan.pk]),
            {"closed_on": days_ago(0), "closing_reason": "other"},
        )
        client.post(
            reverse("tenancies:mediation-close", args=[sw.case.pk]), {"closed_on": days_ago(0), "outcome": "agreement"}
        )
    goal.refresh_from_db()
    sw.plan.refresh_from_db()
    sw.case.refresh_from_db()
    assert (goal.status, sw.plan.status, sw.case.status) == ("proposed", "open", "open")
    assert _counts() == before


def test_referral_and_outcome_forms(sw, operator):
    client = client_for(operator)
    response = client.post(
        reverse("tenancies:support-referral-create", args=[sw.plan.pk]),
        {
            "kind": "service",
            "service_name": "Centro per l'impiego",
            "service_contact": "cpi@example.org",
            "purpose": "Orientamento al lavoro",
            "sent_on": days_ago(0).isoformat(),
            "follow_up_on": days_ago(-14).isoformat(),
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(service_name="Centro per l'impiego")
    response = client.post(
        reverse("tenancies:support-referral-outcome", args=[referral.pk]),
        {"status": "declined", "on": days_ago(0).isoformat()},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_mediation_form_without_the_flag_has_no_description(world, sw, operator):
    response = client_for(operator).post(
        reverse("tenancies:mediation-create"),
        {
            "territory": world.neighbourhood.pk,
            "subject": "animals",
            "opened_on": days_ago(0).isoformat(),
            "mediator": operator.pk,
            "households": f"{sw.household.pk}, {sw.neighbour.pk}",
            "description": "Segreto",
        },
    )
    assert response.status_code == 302
    case = MediationCase.objects.get(subject="animals")
    assert set(case.households.all()) == {sw.household, sw.neighbour}
    assert not MediationNote.objects.filter(case=case).exists()


def test_bad_mediation_form_saves_nothing(world, sw, sensitive_operator):
    before = _counts()
    response = client_for(sensitive_operator).post(
        reverse("tenancies:mediation-create"),
        {
            "territory": world.neighbourhood.pk,
            "subject": "noise",
            "opened_on": days_ago(0).isoformat(),
            "mediator": sensitive_operator.pk,
            "households": f"{sw.household.pk}",
            "description": "Descrizione",
        },
    )
    assert response.status_code == 400
    assert "households" in response.context["form"].errors
    assert _counts() == before


def test_nav_and_work_list(sw, sensitive_operator, operator):
    content = client_for(sensitive_operator).get(reverse("web:worklist")).content.decode()
    assert reverse("tenancies:support-plan-detail", args=[sw.plan.pk]) in content
    assert reverse("tenancies:mediation-detail", args=[sw.case.pk]) in content
    # Someone else's plans are not on an operator's work list.
    other = client_for(operator).get(reverse("web:worklist")).content.decode()
    assert reverse("tenancies:mediation-detail", args=[sw.case.pk]) not in other


def test_review_and_close_the_plan_from_the_pages(sw, operator, coordinator):
    client = client_for(operator)
    response = client.post(
        reverse("tenancies:support-plan-edit", args=[sw.plan.pk]),
        {"key_worker": coordinator.pk, "next_review_on": days_ago(-60).isoformat()},
    )
    assert response.status_code == 302
    sw.plan.refresh_from_db()
    assert (sw.plan.key_worker, sw.plan.next_review_on) == (coordinator, days_ago(-60))
    refused = client.post(
        reverse("tenancies:support-plan-close", args=[sw.plan.pk]),
        {"closed_on": days_ago(-1).isoformat(), "closing_reason": "other"},
    )
    assert refused.status_code == 400
    assert "closed_on" in refused.context["form"].errors
    sw.plan.refresh_from_db()
    assert sw.plan.status == "open"
    response = client.post(
        reverse("tenancies:support-plan-close", args=[sw.plan.pk]),
        {"closed_on": days_ago(0).isoformat(), "closing_reason": "taken_over"},
    )
    assert response.status_code == 302
    sw.plan.refresh_from_db()
    assert (sw.plan.status, sw.plan.closing_reason, sw.plan.next_review_on) == ("closed", "taken_over", None)
    page = client.get(reverse("tenancies:support-plan-detail", args=[sw.plan.pk])).content.decode()
    assert reverse("tenancies:support-meeting-create", args=[sw.plan.pk]) not in page


def test_add_a_goal_and_close_a_mediation_from_the_pages(sw, operator):
    client = client_for(operator)
    response = client.post(
        reverse("tenancies:support-goal-create", args=[sw.plan.pk]),
        {"title": "Iscriversi al corso di italiano", "domain": "", "target_on": days_ago(-90).isoformat()},
    )
    assert response.status_code == 302
    assert sw.plan.goals.filter(title="Iscriversi al corso di italiano", status="proposed").exists()
    response = client.post(
        reverse("tenancies:mediation-close", args=[sw.case.pk]),
        {"closed_on": days_ago(0).isoformat(), "outcome": "partial"},
    )
    assert response.status_code == 302
    sw.case.refresh_from_db()
    assert (sw.case.status, sw.case.outcome) == ("closed", "partial")


def test_a_sensitive_member_adds_notes_from_the_pages(sw, sensitive_operator):
    client = client_for(sensitive_operator)
    response = client.post(reverse("tenancies:support-meeting-note", args=[sw.meeting.pk]), {"text": "Seconda nota"})
    assert response.status_code == 302
    response = client.post(reverse("tenancies:mediation-note", args=[sw.case.pk]), {"text": "Nota del mediatore"})
    assert response.status_code == 302
    assert MeetingNote.objects.filter(meeting=sw.meeting, text="Seconda nota", written_by=sensitive_operator).exists()
    assert MediationNote.objects.filter(case=sw.case, text="Nota del mediatore").exists()
    before = _counts()
    empty = client.post(reverse("tenancies:support-meeting-note", args=[sw.meeting.pk]), {"text": "  "})
    assert empty.status_code == 400
    assert _counts() == before
