"""Support plans in the data-subject rights: the export section (notes only with the flag), the
refusal while a plan or a case is open, the erasure of free text of households left without members."""

from __future__ import annotations

import pytest

from abitare.core.exceptions import DomainError
from abitare.core.models import AccessLogEntry
from abitare.registry.services import person_erase, person_export
from abitare.registry.tests.factories import actor_of, release_all
from abitare.tenancies.models import Goal, MediationCase, MediationNote, Meeting, MeetingNote, Referral, SupportPlan
from abitare.tenancies.services import support as services
from abitare.tenancies.services.support_rights import ERASED, support_erasure_check
from abitare.tenancies.tests.support_helpers import CASE_NOTE, MEETING_NOTE, days_ago, make_support_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, sensitive_operator):
    return make_support_world(world, sensitive_operator)


def _close_everything(sw, user) -> None:
    actor = actor_of(user)
    services.support_plan_close(actor=actor, plan=sw.plan, closed_on=days_ago(0), closing_reason="moved_on")
    services.mediation_close(actor=actor, case=sw.case, closed_on=days_ago(0), outcome="agreement")


def test_export_without_the_flag_has_plans_but_no_notes(sw, coordinator):
    data = person_export(actor=actor_of(coordinator), person=sw.person)["support"]
    assert data["support_notes_included"] is False
    assert [goal["title"] for goal in data["plans"][0]["goals"]] == ["Trovare un lavoro stabile"]
    assert data["plans"][0]["meetings"][0]["summary"] == "Colloquio svolto"
    assert "notes" not in data["plans"][0]["meetings"][0]
    assert "notes" not in data["mediation_cases"][0]
    text = str(data)
    assert MEETING_NOTE not in text
    assert CASE_NOTE not in text


def test_export_with_the_flag_includes_the_released_notes_and_logs_them(sw, sensitive_operator, auditor):
    withheld = person_export(actor=actor_of(sensitive_operator), person=sw.person)
    release_all(auditor, sw.person)
    data = person_export(actor=actor_of(sensitive_operator), person=sw.person)["support"]
    assert withheld["household_records_withheld"]["pending"] == 2
    assert MEETING_NOTE not in str(withheld)
    assert data["support_notes_included"] is True
    assert data["plans"][0]["meetings"][0]["notes"] == [MEETING_NOTE]
    assert data["mediation_cases"][0]["notes"] == [CASE_NOTE]
    assert AccessLogEntry.objects.filter(record_type="tenancies.meetingnote", channel="export").count() == 1
    assert AccessLogEntry.objects.filter(record_type="tenancies.mediationnote", channel="export").count() == 1


def test_erasure_is_refused_while_a_plan_or_a_case_is_open(sw, sensitive_operator):
    assert support_erasure_check(sw.person, days_ago(0)) is not None
    services.support_plan_close(
        actor=actor_of(sensitive_operator), plan=sw.plan, closed_on=days_ago(0), closing_reason="moved_on"
    )
    assert support_erasure_check(sw.person, days_ago(0)) is not None  # the mediation case is still open
    services.mediation_close(
        actor=actor_of(sensitive_operator), case=sw.case, closed_on=days_ago(0), outcome="agreement"
    )
    assert support_erasure_check(sw.person, days_ago(0)) is None


def test_erasure_refused_changes_nothing(sw, coordinator):
    with pytest.raises(DomainError):
        person_erase(actor=actor_of(coordinator), person=sw.person)
    assert MeetingNote.objects.filter(text=MEETING_NOTE).exists()
    assert SupportPlan.objects.filter(pk=sw.plan.pk, status="open").exists()


def test_erasure_removes_the_free_text_and_keeps_the_statistics(sw, sensitive_operator, coordinator):
    _close_everything(sw, sensitive_operator)
    person_erase(actor=actor_of(coordinator), person=sw.person)
    plan = SupportPlan.objects.get(pk=sw.plan.pk)
    assert (plan.status, plan.closing_reason) == ("closed", "moved_on")
    assert list(Goal.objects.filter(plan=plan).values_list("title", "status")) == [(ERASED, "proposed")]
    assert not MeetingNote.objects.exists()
    assert not MeetingNote.history.model.objects.exists()
    assert Meeting.objects.get(pk=sw.meeting.pk).summary == ERASED
    assert not Meeting.history.model.objects.filter(id=sw.meeting.pk).exclude(summary=ERASED).exists()
    assert not Goal.history.model.objects.filter(plan_id=plan.pk).exclude(title=ERASED).exists()
    assert Referral.objects.get(pk=sw.referral.pk).status == "sent"
    # The neighbour still has members: the case's description speaks of them too and stays.
    assert MediationNote.objects.filter(case=sw.case, text=CASE_NOTE).exists()


def test_mediation_notes_go_when_no_party_has_members_left(sw, sensitive_operator, coordinator):
    _close_everything(sw, sensitive_operator)
    person_erase(actor=actor_of(coordinator), person=sw.person)
    neighbour = sw.neighbour.memberships.get().person
    person_erase(actor=actor_of(coordinator), person=neighbour)
    assert not MediationNote.objects.exists()
    assert not MediationNote.history.model.objects.exists()
    assert MediationCase.objects.get(pk=sw.case.pk).outcome == "agreement"
