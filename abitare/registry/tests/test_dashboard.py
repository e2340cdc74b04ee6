"""The desk's dashboard figures: open consultations and follow-ups due, within the scope."""

import datetime

from abitare.core.figures import Trend
from abitare.registry import selectors
from abitare.registry.models import Consultation
from abitare.registry.tests.factories import actor_of

TODAY = datetime.date(2026, 6, 30)


def _consultation(user, organisation, territory, **extra):
    values = {"held_on": TODAY, "topic": "other", **extra}
    return Consultation.objects.create(organisation=organisation, territory=territory, operator=user, **values)


def test_open_consultations_and_follow_ups_due_count_only_the_actor_scope(world, operator, other_org_operator):
    org = world.organisation
    _consultation(operator, org, world.district, follow_up_on=TODAY)
    _consultation(operator, org, world.neighbourhood, follow_up_on=TODAY - datetime.timedelta(days=3))
    _consultation(operator, org, world.municipality, follow_up_on=TODAY + datetime.timedelta(days=5))
    _consultation(
        operator, org, world.municipality, follow_up_on=TODAY - datetime.timedelta(days=1), follow_up_done=True
    )
    _consultation(operator, org, world.municipality, held_on=TODAY - datetime.timedelta(days=40))
    # Another organisation's, and the home organisation's in another district: not counted.
    _consultation(other_org_operator, world.other_organisation, world.other_district, follow_up_on=TODAY)
    _consultation(operator, org, world.other_district, follow_up_on=TODAY)
    actor = actor_of(operator)

    consultations = selectors.consultations_open_count(actor=actor, today=TODAY)
    assert consultations.value == 3
    assert consultations.trend == Trend(4, 1)

    due = selectors.follow_ups_due_count(actor=actor, today=TODAY)
    assert (due.today, due.overdue) == (1, 1)
    assert due.trend == Trend(3, 0)

    assert selectors.consultations_open_by_territory(actor=actor) == (
        ("Comune Alfa", 1),
        ("Distretto Nord", 1),
        ("Quartiere Uno", 1),
    )


def test_without_a_membership_nothing_is_counted(db):
    assert selectors.consultations_open_count(actor=None, today=TODAY).value == 0
    assert selectors.follow_ups_due_count(actor=None, today=TODAY).today == 0
