"""Builders for the support-plan tests: a household with an open plan, a meeting with a sensitive
note, a referral to a lab, and a mediation case with its description, all through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from abitare.labs.models import Lab
from abitare.registry.models import Household, Person
from abitare.registry.tests.factories import actor_of, make_household, make_person
from abitare.tenancies.models import MediationCase, Meeting, Referral, SupportPlan
from abitare.tenancies.services import support as services

# Unique strings: a test that finds them in a response has found a leak.
MEETING_NOTE = "NOTA-RISERVATA-7731 racconta la lite con il marito"
CASE_NOTE = "DESCRIZIONE-RISERVATA-4410 insulti sul pianerottolo"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def make_lab(world: Any, *, slug: str = "lab-uno", organisation: Any = None, territory: Any = None) -> Lab:
    return Lab.objects.create(
        name=f"Laboratorio {slug}",
        slug=slug,
        kind=Lab.Kind.COMMUNITY_LAB,
        territory=territory or world.neighbourhood,
        organisation=organisation or world.organisation,
    )


@dataclass
class SupportWorld:
    person: Person
    household: Household
    neighbour: Household
    plan: SupportPlan
    meeting: Meeting
    referral: Referral
    case: MediationCase
    lab: Lab


def make_support_world(world: Any, writer: Any) -> SupportWorld:
    """Everything written by ``writer`` (a member with the sensitive-data permission)."""
    actor = actor_of(writer)
    person = make_person(writer, territory=world.neighbourhood, n=1)
    household = make_household(writer, person, territory=world.neighbourhood, name="Famiglia Rossi")
    neighbour_person = make_person(writer, territory=world.neighbourhood, n=2, first_name="Bruno")
    neighbour = make_household(writer, neighbour_person, territory=world.neighbourhood, name="Famiglia Verdi")
    plan = services.support_plan_open(
        actor=actor,
        household=household,
        key_worker=writer,
        started_on=days_ago(60),
        next_review_on=days_ago(-7),
        goals=[services.NewGoal(title="Trovare un lavoro stabile")],
    )
    meeting = services.meeting_record(
        actor=actor,
        plan=plan,
        held_on=days_ago(10),
        summary="Colloquio svolto",
        attendees=[person],
        note=MEETING_NOTE,
    )
    lab = make_lab(world)
    referral = services.referral_send(
        actor=actor, plan=plan, kind="lab", lab=lab, sent_on=days_ago(20), follow_up_on=days_ago(5)
    )
    case = services.mediation_open(
        actor=actor,
        territory=world.neighbourhood,
        subject="noise",
        opened_on=days_ago(45),
        mediator=writer,
        households=[household, neighbour],
        description=CASE_NOTE,
    )
    return SupportWorld(person, household, neighbour, plan, meeting, referral, case, lab)
