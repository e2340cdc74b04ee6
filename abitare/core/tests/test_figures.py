"""The dashboards' counting helpers: a figure with its 30-day trend in one query, the count per
territory, territories without a rule in force."""

import datetime

from django.db.models import Q

from abitare.accounts.models import Territory
from abitare.core.figures import (
    Trend,
    compares_territories,
    count_by_territory,
    count_with_trend,
    territories_uncovered,
    windows,
)
from abitare.registry.models import Consultation
from abitare.registry.tests.factories import actor_of
from abitare.tenancies.models import ArrearsRule

TODAY = datetime.date(2026, 6, 30)


def test_windows_are_the_last_30_days_and_the_30_before():
    assert windows(TODAY) == (datetime.date(2026, 5, 31), datetime.date(2026, 5, 1))


def test_a_trend_says_up_down_or_flat():
    assert Trend(5, 2).direction == "up"
    assert Trend(5, 2).change == 3
    assert Trend(1, 2).direction == "down"
    assert Trend(2, 2).direction == "flat"


def _consultation(operator, territory, held_on, **extra):
    actor = actor_of(operator)
    return Consultation.objects.create(
        organisation=actor.organisation, territory=territory, operator=operator, held_on=held_on, topic="other", **extra
    )


def test_count_with_trend_counts_the_state_now_and_the_rows_entered_in_each_window(world, operator):
    _consultation(operator, world.district, TODAY, follow_up_on=TODAY)
    _consultation(operator, world.district, datetime.date(2026, 6, 1))
    _consultation(operator, world.municipality, datetime.date(2026, 5, 31), follow_up_on=TODAY)
    _consultation(operator, world.municipality, datetime.date(2026, 5, 1))
    counted = count_with_trend(
        Consultation.objects.all(), state=Q(follow_up_on__isnull=False), entered="held_on", today=TODAY
    )
    assert counted.value == 2
    assert counted.trend == Trend(2, 1)
    assert count_by_territory(Consultation.objects.all(), state=Q(follow_up_on__isnull=False)) == (
        ("Comune Alfa", 1),
        ("Distretto Nord", 1),
    )


def test_only_coordinators_compare_territories(operator, coordinator):
    assert compares_territories(actor_of(coordinator))
    assert not compares_territories(actor_of(operator))
    assert not compares_territories(None)


def test_a_territory_is_covered_by_its_own_rule_or_one_above(world, administrator):
    rows = Territory.objects.filter(path__startswith=world.district.path).values_list("name", "path")
    assert territories_uncovered(rows, ArrearsRule.objects.all(), today=TODAY) == [
        "Comune Alfa",
        "Distretto Nord",
        "Quartiere Uno",
    ]
    ArrearsRule.objects.create(
        territory=world.municipality,
        valid_from=datetime.date(2026, 1, 1),
        source="Delibera",
        confidence="V",
        months_of_rent=2,
        overdue_days=90,
        plan_tolerance_days=15,
        created_by=administrator,
    )
    assert territories_uncovered(rows, ArrearsRule.objects.all(), today=TODAY) == ["Distretto Nord"]
    assert territories_uncovered(rows, ArrearsRule.objects.all(), today=datetime.date(2025, 12, 31)) == [
        "Comune Alfa",
        "Distretto Nord",
        "Quartiere Uno",
    ]
