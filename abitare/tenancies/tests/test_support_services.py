"""Support-plan services: the rules, the history they write, and bad input refused with nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from abitare.assessments.models import Domain
from abitare.core.exceptions import Conflict, NotAllowed, ValidationFailed
from abitare.registry.tests.factories import actor_of, make_household, make_person
from abitare.tenancies.models import (
    Goal,
    GoalStatusChange,
    MediationCase,
    MediationNote,
    Meeting,
    MeetingNote,
    Referral,
    SupportPlan,
)
from abitare.tenancies.selectors.support import goal_domains
from abitare.tenancies.services import support as services
from abitare.tenancies.tests.support_helpers import (
    CASE_NOTE,
    MEETING_NOTE,
    days_ago,
    make_lab,
    make_support_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, sensitive_operator):
    return make_support_world(world, sensitive_operator)


def _counts() -> dict[str, int]:
    models = (SupportPlan, Goal, GoalStatusChange, Meeting, MeetingNote, MediationCase, MediationNote, Referral)
    return {model.__name__: model.objects.count() for model in models}


def test_opening_a_plan_writes_the_plan_its_goals_and_their_first_history_step(sw, sensitive_operator):
    plan = sw.plan
    assert plan.status == SupportPlan.Status.OPEN
    assert plan.organisation_id == actor_of(sensitive_operator).organisation_id
    assert plan.territory_id == sw.household.territory_id
    goal = plan.goals.get()
    assert goal.status == Goal.Status.PROPOSED
    assert list(goal.status_changes.values_list("from_status", "to_status")) == [("", "proposed")]
    assert plan.history.count() == 1


def test_a_second_open_plan_for_the_household_is_a_conflict_and_saves_nothing(sw, sensitive_operator):
    before = _counts()
    with pytest.raises(Conflict):
        services.support_plan_open(
            actor=actor_of(sensitive_operator),
            household=sw.household,
            key_worker=sensitive_operator,
            started_on=days_ago(1),
            next_review_on=days_ago(-30),
            goals=[services.NewGoal(title="Altro")],
        )
    assert _counts() == before


def test_bad_plan_input_reports_every_field_and_saves_nothing(world, sensitive_operator, other_org_operator):
    person = make_person(sensitive_operator, n=3)
    household = make_household(sensitive_operator, person)
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        services.support_plan_open(
            actor=actor_of(sensitive_operator),
            household=household,
            key_worker=other_org_operator,
            started_on=days_ago(-3),
            next_review_on=days_ago(-1),
            goals=[services.NewGoal(title="  ")],
        )
    assert set(refused.value.errors) == {"key_worker", "started_on", "next_review_on", "goals.0.title"}
    assert _counts() == before


def test_a_household_of_another_organisation_is_not_allowed(world, sensitive_operator, other_org_operator):
    person = make_person(other_org_operator, n=4)
    household = make_household(other_org_operator, person)
    with pytest.raises(NotAllowed):
        services.support_plan_open(
            actor=actor_of(sensitive_operator),
            household=household,
            key_worker=sensitive_operator,
            started_on=days_ago(1),
            next_review_on=days_ago(-10),
        )
    assert not SupportPlan.objects.exists()


def test_goal_moves_along_its_transitions_and_keeps_its_history(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    goal = sw.plan.goals.get()
    services.goal_change_status(actor=actor, goal=goal, status="in_progress")
    services.goal_change_status(actor=actor, goal=goal, status="achieved")
    goal.refresh_from_db()
    assert goal.status == "achieved"
    steps = list(goal.status_changes.values_list("from_status", "to_status"))
    assert steps == [("", "proposed"), ("proposed", "in_progress"), ("in_progress", "achieved")]


def test_a_goal_cannot_jump_from_proposed_to_achieved(sw, sensitive_operator):
    goal = sw.plan.goals.get()
    with pytest.raises(Conflict):
        services.goal_change_status(actor=actor_of(sensitive_operator), goal=goal, status="achieved")
    goal.refresh_from_db()
    assert goal.status == "proposed"
    assert goal.status_changes.count() == 1


def test_a_goal_domain_must_belong_to_the_instrument_in_force(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    domain = goal_domains(territory=sw.plan.territory).first()
    assert domain is not None, "the default instrument ships with domains"
    goal = services.goal_add(actor=actor, plan=sw.plan, title="Gestire il bilancio", domain=domain)
    assert goal.domain == domain
    foreign = Domain.objects.exclude(instrument=domain.instrument).first()
    if foreign is not None:
        with pytest.raises(ValidationFailed):
            services.goal_add(actor=actor, plan=sw.plan, title="Altro", domain=foreign)


def test_a_meeting_note_needs_the_sensitive_permission_and_nothing_is_saved_without_it(sw, operator):
    before = _counts()
    with pytest.raises(NotAllowed):
        services.meeting_record(
            actor=actor_of(operator), plan=sw.plan, held_on=days_ago(1), summary="Colloquio", note="Segreto"
        )
    with pytest.raises(NotAllowed):
        services.meeting_note_add(actor=actor_of(operator), meeting=sw.meeting, text="Segreto")
    assert _counts() == before


def test_an_operator_without_the_flag_records_a_meeting_without_note(sw, operator):
    meeting = services.meeting_record(actor=actor_of(operator), plan=sw.plan, held_on=days_ago(1), summary="Visita")
    assert meeting.recorded_by == operator
    assert not MeetingNote.objects.filter(meeting=meeting).exists()


def test_the_note_is_saved_apart_from_the_meeting(sw):
    assert MEETING_NOTE not in sw.meeting.summary
    assert list(MeetingNote.objects.filter(meeting=sw.meeting).values_list("text", flat=True)) == [MEETING_NOTE]


def test_bad_meeting_input_saves_nothing(sw, sensitive_operator, world):
    stranger = make_person(sensitive_operator, n=9)
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        services.meeting_record(
            actor=actor_of(sensitive_operator),
            plan=sw.plan,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            summary=" ",
            attendees=[stranger],
            note="x" * (services.NOTE_MAX_CHARS + 1),
        )
    assert set(refused.value.errors) == {"held_on", "summary", "attendees", "note"}
    assert _counts() == before


def test_a_closed_plan_takes_no_more_meetings_goals_or_referrals(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    services.support_plan_close(actor=actor, plan=sw.plan, closed_on=days_ago(0), closing_reason="goals_achieved")
    sw.plan.refresh_from_db()
    assert sw.plan.next_review_on is None
    before = _counts()
    with pytest.raises(Conflict):
        services.meeting_record(actor=actor, plan=sw.plan, held_on=days_ago(0), summary="x")
    with pytest.raises(Conflict):
        services.goal_add(actor=actor, plan=sw.plan, title="x")
    with pytest.raises(Conflict):
        services.referral_send(
            actor=actor, plan=sw.plan, kind="service", service_name="CPI", sent_on=days_ago(0), follow_up_on=days_ago(0)
        )
    assert _counts() == before


def test_closing_needs_a_listed_reason_and_a_date_after_the_start(sw, sensitive_operator):
    with pytest.raises(ValidationFailed) as refused:
        services.support_plan_close(
            actor=actor_of(sensitive_operator), plan=sw.plan, closed_on=days_ago(365), closing_reason="bored"
        )
    assert set(refused.value.errors) == {"closed_on", "closing_reason"}
    sw.plan.refresh_from_db()
    assert sw.plan.status == "open"


def test_a_referral_goes_to_a_lab_or_to_a_named_service(sw, sensitive_operator, world):
    actor = actor_of(sensitive_operator)
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        services.referral_send(
            actor=actor, plan=sw.plan, kind="service", service_name="", sent_on=days_ago(0), follow_up_on=days_ago(1)
        )
    assert set(refused.value.errors) == {"service_name", "follow_up_on"}
    other_lab = make_lab(world, slug="lab-sud", organisation=world.other_organisation, territory=world.other_district)
    with pytest.raises(ValidationFailed) as refused:
        services.referral_send(
            actor=actor, plan=sw.plan, kind="lab", lab=other_lab, sent_on=days_ago(0), follow_up_on=days_ago(0)
        )
    assert set(refused.value.errors) == {"lab"}
    assert _counts() == before
    referral = services.referral_send(
        actor=actor,
        plan=sw.plan,
        kind="service",
        service_name="Centro per l'impiego",
        service_contact="0583 000000",
        sent_on=days_ago(0),
        follow_up_on=days_ago(-14),
    )
    assert referral.lab is None
    assert referral.status == Referral.Status.SENT


def test_a_referral_outcome_is_recorded_once(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    referral = services.referral_record_outcome(actor=actor, referral=sw.referral, status="taken_up")
    assert referral.status == "taken_up"
    assert referral.outcome_on == timezone.localdate()
    with pytest.raises(Conflict):
        services.referral_record_outcome(actor=actor, referral=sw.referral, status="declined")
    sw.referral.refresh_from_db()
    assert sw.referral.status == "taken_up"


def test_a_referral_still_waiting_can_be_postponed(sw, sensitive_operator):
    later = days_ago(-20)
    services.referral_postpone(actor=actor_of(sensitive_operator), referral=sw.referral, follow_up_on=later)
    sw.referral.refresh_from_db()
    assert sw.referral.follow_up_on == later


def test_mediation_needs_two_parties_and_the_description_is_a_sensitive_note(sw, sensitive_operator, operator, world):
    assert list(MediationNote.objects.filter(case=sw.case).values_list("text", flat=True)) == [CASE_NOTE]
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        services.mediation_open(
            actor=actor_of(sensitive_operator),
            territory=world.neighbourhood,
            subject="noise",
            opened_on=days_ago(0),
            mediator=sensitive_operator,
            households=[sw.household],
        )
    assert set(refused.value.errors) == {"households"}
    with pytest.raises(NotAllowed):
        services.mediation_open(
            actor=actor_of(operator),
            territory=world.neighbourhood,
            subject="noise",
            opened_on=days_ago(0),
            mediator=operator,
            households=[sw.household, sw.neighbour],
            description="Segreto",
        )
    assert _counts() == before


def test_mediation_meetings_and_closing(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    meeting = services.meeting_record(
        actor=actor, mediation=sw.case, held_on=days_ago(1), kind="joint", summary="Incontro congiunto"
    )
    assert meeting.mediation == sw.case
    assert meeting.plan is None
    services.mediation_close(actor=actor, case=sw.case, closed_on=days_ago(0), outcome="agreement")
    sw.case.refresh_from_db()
    assert (sw.case.status, sw.case.outcome) == ("closed", "agreement")
    with pytest.raises(Conflict):
        services.mediation_close(actor=actor, case=sw.case, closed_on=days_ago(0), outcome="agreement")


def test_a_meeting_belongs_to_a_plan_or_a_case_never_both(sw, sensitive_operator):
    with pytest.raises(ValidationFailed):
        services.meeting_record(
            actor=actor_of(sensitive_operator), plan=sw.plan, mediation=sw.case, held_on=days_ago(0), summary="x"
        )


def test_other_organisation_cannot_touch_the_plan(sw, other_org_operator):
    actor = actor_of(other_org_operator)
    before = _counts()
    with pytest.raises(NotAllowed):
        services.goal_add(actor=actor, plan=sw.plan, title="x")
    with pytest.raises(NotAllowed):
        services.meeting_record(actor=actor, plan=sw.plan, held_on=days_ago(0), summary="x")
    with pytest.raises(NotAllowed):
        services.mediation_close(actor=actor, case=sw.case, closed_on=days_ago(0), outcome="agreement")
    assert _counts() == before
