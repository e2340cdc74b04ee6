"""The demo loader gives each household 1-4 assessments with real movement, once."""

from __future__ import annotations

import datetime
import itertools

from abitare.assessments.models import Assessment
from abitare.demo.loaders import assessments as demo_assessments
from abitare.registry.tests.factories import make_household

TODAY = datetime.date(2026, 11, 1)


def test_the_demo_assesses_every_household_one_to_four_times_about_six_months_apart(operator, instrument):
    households = [make_household(operator, name=f"Demo {n}") for n in range(40)]
    recorded = demo_assessments.load(today=TODAY)
    assert recorded == Assessment.objects.count()
    movements = []
    for household in households:
        dates = list(
            Assessment.objects.filter(household=household).order_by("assessed_on").values_list("assessed_on", flat=True)
        )
        assert 1 <= len(dates) <= 4
        assert all(150 <= (b - a).days <= 215 for a, b in itertools.pairwise(dates))
        rows = list(Assessment.objects.filter(household=household).order_by("assessed_on"))
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            movements.append(
                (last.resources_score + last.potential_score) - (first.resources_score + first.potential_score)
            )
    assert any(move > 20 for move in movements)  # towards autonomy
    assert any(move < -20 for move in movements)  # falling back
    assert any(abs(move) <= 20 for move in movements)  # stuck


def test_the_demo_loader_is_idempotent(operator, instrument):
    make_household(operator, name="Demo")
    demo_assessments.load(today=TODAY)
    count = Assessment.objects.count()
    assert demo_assessments.load(today=TODAY) == 0
    assert Assessment.objects.count() == count
