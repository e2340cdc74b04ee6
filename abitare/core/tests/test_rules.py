"""core.rules: the territory path helpers and the one lookup of the version in force."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.core import rules
from abitare.tenancies.models import CommunityWorkRate

D = datetime.date


def test_the_path_helpers_read_the_materialised_path():
    assert rules.path_ids("/1/4/9/") == [1, 4, 9]
    assert rules.ancestor_paths("/1/4/9/") == ["/1/", "/1/4/", "/1/4/9/"]
    assert rules.ancestor_paths("/12/") == ["/12/"]
    assert rules.root_path("/1/4/9/") == "/1/"
    assert rules.root_id("/7/40/") == 7


def test_territory_offers_the_helpers(world):
    neighbourhood = world.neighbourhood
    assert neighbourhood.ancestor_ids() == [world.district.pk, world.municipality.pk, neighbourhood.pk]
    assert neighbourhood.ancestor_paths()[0] == world.district.path
    assert neighbourhood.root_id == world.district.pk
    assert neighbourhood.root_path == world.district.path
    assert world.district.covers(neighbourhood.path)
    assert not world.other_district.covers(neighbourhood.path)


def _rate(territory, amount, start, end=None):
    return CommunityWorkRate.objects.create(
        territory=territory,
        hourly_rate=Decimal(amount),
        valid_from=start,
        valid_to=end,
        source="test",
        confidence="V",
    )


@pytest.mark.django_db
def test_the_nearest_territory_valid_on_the_day_wins(world):
    district = _rate(world.district, "8", D(2025, 1, 1))
    municipality = _rate(world.municipality, "9", D(2025, 6, 1), D(2025, 12, 31))
    newer_district = _rate(world.district, "8.50", D(2026, 1, 1))
    _rate(world.other_district, "20", D(2020, 1, 1))
    rates = CommunityWorkRate.objects.all()

    def at(territory, day):
        return rules.in_force(rates, territory_path=territory.path, on=day)

    assert at(world.neighbourhood, D(2024, 12, 31)) is None
    assert at(world.neighbourhood, D(2025, 3, 1)) == district
    assert at(world.neighbourhood, D(2025, 7, 1)) == municipality  # nearer beats older
    assert at(world.district, D(2025, 7, 1)) == district  # a child's rule does not go up
    assert at(world.neighbourhood, D(2026, 2, 1)) == newer_district  # the municipality's ended
    assert at(world.municipality, D(2025, 12, 31)) == municipality  # valid_to is inclusive


@pytest.mark.django_db
def test_prefer_breaks_ties_within_a_territory(world):
    older = _rate(world.district, "8", D(2025, 1, 1))
    newer = _rate(world.district, "9", D(2025, 2, 1))
    rates = CommunityWorkRate.objects.all()

    assert rules.in_force(rates, territory_path=world.district.path, on=D(2025, 3, 1)) == newer
    chosen = rules.in_force(
        rates, territory_path=world.district.path, on=D(2025, 3, 1), prefer=lambda r: r.hourly_rate == Decimal(8)
    )
    assert chosen == older
