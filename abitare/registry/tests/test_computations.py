"""The people module's figures, counted by hand on a small fixture."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.core.computations import Breakdown, Query, computation_get
from abitare.registry.services import consultation_record
from abitare.registry.tests.factories import actor_of, make_household, make_person

TODAY = datetime.date.today()


def _query(territory, **kwargs):
    return Query(territory.path, TODAY - datetime.timedelta(days=30), TODAY, **kwargs)


def test_households_known_counts_the_subtree_and_the_organisation(world, operator, other_org_operator):
    make_household(operator, make_person(operator), territory=world.neighbourhood)
    make_household(operator, make_person(operator, n=1), territory=world.municipality)
    make_household(other_org_operator, make_person(other_org_operator, n=2))
    known = computation_get("registry.households_known")

    assert known.run(_query(world.district)) == {"": Decimal(2)}
    assert known.run(_query(world.municipality, organisation_id=world.other_organisation.pk)) == {"": Decimal(0)}
    assert known.run(_query(world.district, breakdown=Breakdown.TERRITORY)) == {
        "Quartiere Uno": Decimal(1),
        "Comune Alfa": Decimal(1),
    }


def test_consultations_by_sex_count_known_and_anonymous_visitors_in_the_period(world, operator):
    actor = actor_of(operator)
    anna = make_person(operator)
    consultation_record(actor=actor, territory=world.municipality, topic="housing_search", person=anna)
    consultation_record(actor=actor, territory=world.municipality, topic="work", age_band="18-34", sex="M")
    consultation_record(
        actor=actor, territory=world.municipality, topic="work", held_on=TODAY - datetime.timedelta(days=90)
    )
    held = computation_get("registry.consultations_held")

    assert held.run(_query(world.district)) == {"": Decimal(2)}
    assert held.run(_query(world.district, breakdown=Breakdown.SEX)) == {"F": Decimal(1), "M": Decimal(1)}
