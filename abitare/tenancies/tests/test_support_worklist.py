"""The support plans' work list: reviews due within 14 days or past, referrals waiting for their
follow-up, open mediation cases with no meeting in 30 days; own items, all items for coordinators."""

from __future__ import annotations

import pytest

from abitare.registry.tests.factories import actor_of, make_household, make_person
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.tests.support_helpers import days_ago, make_support_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, sensitive_operator):
    return make_support_world(world, sensitive_operator)


def test_review_due_within_fourteen_days_or_past(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    due = selectors.plans_review_due(actor=actor, user=sensitive_operator)
    assert list(due) == [sw.plan]  # review in 7 days
    services.support_plan_update(actor=actor, plan=sw.plan, key_worker=sensitive_operator, next_review_on=days_ago(-15))
    assert not selectors.plans_review_due(actor=actor, user=sensitive_operator).exists()
    services.support_plan_update(actor=actor, plan=sw.plan, key_worker=sensitive_operator, next_review_on=days_ago(-14))
    assert selectors.plans_review_due(actor=actor, user=sensitive_operator).exists()
    services.support_plan_update(actor=actor, plan=sw.plan, key_worker=sensitive_operator, next_review_on=days_ago(3))
    assert selectors.plans_review_due(actor=actor, user=sensitive_operator).exists()


def test_reviews_are_the_key_workers_and_the_coordinators(sw, operator, coordinator):
    assert not selectors.plans_review_due(actor=actor_of(operator), user=operator).exists()
    assert list(selectors.plans_review_due(actor=actor_of(coordinator), user=coordinator)) == [sw.plan]


def test_referral_without_follow_up_until_its_outcome(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    assert list(selectors.referrals_follow_up_due(actor=actor, user=sensitive_operator)) == [sw.referral]
    services.referral_record_outcome(actor=actor, referral=sw.referral, status="taken_up")
    assert not selectors.referrals_follow_up_due(actor=actor, user=sensitive_operator).exists()


def test_a_referral_whose_follow_up_is_later_is_not_due(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    services.referral_postpone(actor=actor, referral=sw.referral, follow_up_on=days_ago(-1))
    assert not selectors.referrals_follow_up_due(actor=actor, user=sensitive_operator).exists()


def test_open_mediation_without_meeting_in_thirty_days(sw, sensitive_operator):
    actor = actor_of(sensitive_operator)
    assert list(selectors.mediations_quiet(actor=actor, user=sensitive_operator)) == [sw.case]  # opened 45 days ago
    services.meeting_record(actor=actor, mediation=sw.case, held_on=days_ago(31), summary="Primo incontro")
    assert selectors.mediations_quiet(actor=actor, user=sensitive_operator).exists()
    services.meeting_record(actor=actor, mediation=sw.case, held_on=days_ago(29), summary="Secondo incontro")
    assert not selectors.mediations_quiet(actor=actor, user=sensitive_operator).exists()


def test_a_case_opened_recently_is_not_quiet(world, sensitive_operator):
    actor = actor_of(sensitive_operator)
    one = make_household(sensitive_operator, make_person(sensitive_operator, n=11))
    two = make_household(sensitive_operator, make_person(sensitive_operator, n=12))
    services.mediation_open(
        actor=actor,
        territory=world.neighbourhood,
        subject="parking",
        opened_on=days_ago(10),
        mediator=sensitive_operator,
        households=[one, two],
    )
    assert not selectors.mediations_quiet(actor=actor, user=sensitive_operator).exists()


def test_other_organisation_sees_none_of_it(sw, other_org_operator):
    actor = actor_of(other_org_operator)
    assert not selectors.plans_review_due(actor=actor, user=other_org_operator).exists()
    assert not selectors.referrals_follow_up_due(actor=actor, user=other_org_operator).exists()
    assert not selectors.mediations_quiet(actor=actor, user=other_org_operator).exists()
