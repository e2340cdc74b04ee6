"""The agreed-rent calculator on the Florence 2025 worked example (used only as a fixture shape:
the values are from an unofficial calculator, docs/sources.md#agreed-rent-florence-2025)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abitare.housing.rent import Band, RentRuleError, agreed_rent_range, band_for, conventional_surface

FLORENCE_SHARES = {"garage": Decimal("0.50"), "balcony": Decimal("0.25")}
FLORENCE_BANDS = [
    Band("C", 0, 3, Decimal("2.00"), Decimal("5.50")),
    Band("B", 4, 5, Decimal("5.50"), Decimal("9.00")),
    Band("A", 6, None, Decimal("9.00"), Decimal("10.20")),
]


def _florence(**kwargs):
    base = {
        "usable_m2": Decimal(70),
        "extras": {"garage": Decimal(14), "balcony": Decimal(8)},
        "shares": FLORENCE_SHARES,
        "bands": FLORENCE_BANDS,
        "elements": 5,
        "rates_per_year": False,
        "supplements": {"duration_4_2": Decimal("4.5"), "furnished": Decimal(10)},
    }
    return agreed_rent_range(**{**base, **kwargs})


def test_the_worked_example_gives_434_50_to_711_00_a_month():
    result = _florence()
    assert result.conventional_m2 == Decimal("79.00")
    assert result.band == "B"
    assert (result.monthly_min, result.monthly_max) == (Decimal("434.50"), Decimal("711.00"))


def test_a_4_plus_2_contract_adds_4_5_percent():
    result = _florence(chosen_supplements=["duration_4_2"])
    assert (result.monthly_min, result.monthly_max) == (Decimal("454.05"), Decimal("743.00"))


def test_yearly_rates_are_divided_by_twelve():
    # Milan 2023 zone 3 (docs/sources.md#agreed-rent-milan-2023): 60 m2 at 60-170 €/m2 a year = 300-850 € a month.
    bands = [Band("zone", 0, None, Decimal(60), Decimal(170))]
    result = agreed_rent_range(
        usable_m2=Decimal(60), extras={}, shares={}, bands=bands, elements=0, rates_per_year=True, supplements={}
    )
    assert (result.monthly_min, result.monthly_max) == (Decimal("300.00"), Decimal("850.00"))


def test_an_unknown_component_or_supplement_is_refused():
    with pytest.raises(RentRuleError):
        conventional_surface(usable_m2=Decimal(50), extras={"attic": Decimal(5)}, shares=FLORENCE_SHARES)
    with pytest.raises(RentRuleError):
        _florence(chosen_supplements=["pool"])


def test_overlapping_or_missing_bands_are_refused():
    with pytest.raises(RentRuleError):
        band_for([Band("x", 0, 4, Decimal(1), Decimal(2)), Band("y", 3, None, Decimal(2), Decimal(3))], 4)
    with pytest.raises(RentRuleError):
        band_for([Band("x", 2, 4, Decimal(1), Decimal(2))], 0)


@given(
    area=st.decimals(min_value=10, max_value=300, places=1),
    elements=st.integers(min_value=0, max_value=12),
)
def test_the_minimum_never_exceeds_the_maximum_and_grows_with_the_area(area, elements):
    small = _florence(usable_m2=area, extras={}, elements=elements)
    large = _florence(usable_m2=area + 1, extras={}, elements=elements)
    assert small.monthly_min <= small.monthly_max
    assert large.monthly_min >= small.monthly_min
