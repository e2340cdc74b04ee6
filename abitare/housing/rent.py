"""Agreed-rent (canone concordato) range: a pure computation over an agreement's data.

docs/sources.md#agreed-rent-range: conventional surface = the flat plus each extra component times its share;
the band follows from the number of quality elements present; the monthly range is the
surface times the band's €/m² (per year / 12, or per month); percent supplements are summed
and applied to both ends. Amounts are rounded to the cent, half up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class RentRuleError(ValueError):
    """The agreement cannot price this flat (unknown component, no band for the elements...)."""


@dataclass(frozen=True)
class Band:
    name: str
    min_elements: int
    max_elements: int | None
    min_rate: Decimal
    max_rate: Decimal

    def covers(self, elements: int) -> bool:
        return elements >= self.min_elements and (self.max_elements is None or elements <= self.max_elements)


@dataclass(frozen=True)
class RentRange:
    conventional_m2: Decimal
    band: str
    monthly_min: Decimal
    monthly_max: Decimal
    supplement_percent: Decimal


def conventional_surface(
    *, usable_m2: Decimal, extras: Mapping[str, Decimal], shares: Mapping[str, Decimal]
) -> Decimal:
    """The flat at 100 % plus each extra area (garage, balcony...) at the agreement's share."""
    total = Decimal(usable_m2)
    for component, area in extras.items():
        if component not in shares:
            raise RentRuleError(f"unknown surface component: {component}")
        if area < 0:
            raise RentRuleError(f"negative area for {component}")
        total += Decimal(area) * Decimal(shares[component])
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band_for(bands: Sequence[Band], elements: int) -> Band:
    matching = [band for band in bands if band.covers(elements)]
    if len(matching) != 1:
        raise RentRuleError(f"{len(matching)} bands cover {elements} elements: the agreement data is inconsistent")
    return matching[0]


def agreed_rent_range(
    *,
    usable_m2: Decimal,
    extras: Mapping[str, Decimal],
    shares: Mapping[str, Decimal],
    bands: Sequence[Band],
    elements: int,
    rates_per_year: bool,
    supplements: Mapping[str, Decimal],
    chosen_supplements: Sequence[str] = (),
) -> RentRange:
    surface = conventional_surface(usable_m2=usable_m2, extras=extras, shares=shares)
    band = band_for(bands, elements)
    unknown = [code for code in chosen_supplements if code not in supplements]
    if unknown:
        raise RentRuleError(f"unknown supplement: {', '.join(unknown)}")
    percent = sum((Decimal(supplements[code]) for code in chosen_supplements), Decimal(0))
    factor = (Decimal(1) + percent / 100) / (12 if rates_per_year else 1)
    return RentRange(
        conventional_m2=surface,
        band=band.name,
        monthly_min=(surface * band.min_rate * factor).quantize(CENT, rounding=ROUND_HALF_UP),
        monthly_max=(surface * band.max_rate * factor).quantize(CENT, rounding=ROUND_HALF_UP),
        supplement_percent=percent,
    )
