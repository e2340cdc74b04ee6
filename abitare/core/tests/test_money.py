"""Amounts are read as people write them: "€ 2.340,00" in Italian, "€ 2,340.00" in English."""

from decimal import Decimal

import pytest
from django.utils import translation

from abitare.core.money import euro, money


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("it", Decimal("2340"), "€ 2.340,00"),
        ("it", Decimal("-1916.5"), "-€ 1.916,50"),
        ("it", "156.305", "€ 156,31"),
        ("en", Decimal("2340"), "€ 2,340.00"),
        ("it", None, "–"),
    ],
)
def test_money_is_grouped_and_has_two_places_in_the_active_language(language, value, shown):
    with translation.override(language):
        assert money(value) == shown


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        euro(0.1)
