"""The demo loader writes a few plans with goals, meetings, notes, referrals and one mediation
case through the services, once."""

from __future__ import annotations

import pytest

from abitare.demo.loaders import support as demo_support
from abitare.registry.tests.factories import actor_of, make_household, make_person
from abitare.tenancies.models import GoalStatusChange, MediationCase, MediationNote, MeetingNote, Referral, SupportPlan
from abitare.tenancies.tests.support_helpers import make_lab

pytestmark = pytest.mark.django_db


def test_the_demo_loads_plans_and_a_mediation_case_once(world, sensitive_operator):
    for n in range(8):
        make_household(sensitive_operator, make_person(sensitive_operator, n=n + 20), name=f"Demo {n}")
    make_lab(world)
    actor = actor_of(sensitive_operator)
    demo_support.load(actor)
    assert SupportPlan.objects.count() == demo_support.PLANS
    assert GoalStatusChange.objects.filter(to_status="achieved").exists()
    assert MeetingNote.objects.count() == 2 * demo_support.PLANS + 1
    assert Referral.objects.filter(kind="lab").count() == demo_support.PLANS
    assert Referral.objects.filter(kind="service").exists()
    case = MediationCase.objects.get()
    assert case.households.count() == 2
    assert MediationNote.objects.filter(case=case).exists()
    demo_support.load(actor)
    assert SupportPlan.objects.count() == demo_support.PLANS
    assert MediationCase.objects.count() == 1
