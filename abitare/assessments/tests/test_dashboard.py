"""The assessment's dashboard figures: households per quadrant of their latest assessment, and
territories without an instrument in force, within the scope."""

import datetime

from abitare.assessments import selectors
from abitare.assessments.models import Instrument
from abitare.assessments.tests.conftest import record
from abitare.core.figures import Trend
from abitare.registry.tests.factories import actor_of, make_household

TODAY = datetime.date(2026, 6, 30)


def test_households_are_counted_once_in_the_quadrant_of_their_latest_assessment(
    world, operator, other_org_operator, instrument
):
    first = make_household(operator, name="Famiglia Uno")
    record(operator, first, instrument, 1, 1, assessed_on=datetime.date(2026, 5, 10))
    record(operator, first, instrument, 4, 4, assessed_on=datetime.date(2026, 6, 10))
    second = make_household(operator, name="Famiglia Due")
    record(operator, second, instrument, 1, 1, assessed_on=datetime.date(2026, 6, 20))
    elsewhere = make_household(other_org_operator, name="Famiglia Altrove")
    record(other_org_operator, elsewhere, instrument, 1, 1, assessed_on=datetime.date(2026, 6, 20))

    counts, trend = selectors.households_by_quadrant(actor=actor_of(operator), today=TODAY)
    assert sum(counts.values()) == 2
    assert counts["hr_hp"] == 1
    assert counts["lr_lp"] == 1
    assert set(counts) == {"hr_hp", "hr_lp", "lr_hp", "lr_lp"}
    assert trend == Trend(2, 1)


def test_the_shipped_default_instrument_covers_every_territory(world, administrator, instrument):
    assert selectors.territories_without_instrument(actor=actor_of(administrator), today=TODAY) == []


def test_territories_without_an_active_instrument_are_named(world, administrator, instrument):
    Instrument.objects.update(status=Instrument.Status.RETIRED)
    missing = selectors.territories_without_instrument(actor=actor_of(administrator), today=TODAY)
    assert missing == ["Comune Alfa", "Distretto Nord", "Quartiere Uno"]
