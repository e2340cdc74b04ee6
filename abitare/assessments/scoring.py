"""The "capacità di abitare" arithmetic (docs/sources.md#capacita-di-abitare): plain data in, plain data out, no ORM.

* Each domain is scored 1-5. An axis score is the weighted mean of its domains' scores,
  rescaled to 0-100: ``(mean - 1) / 4 * 100``, rounded half up to two decimals.
* The quadrant compares each axis with the territory's threshold. Thresholds are **inclusive**:
  a score equal to the threshold counts as *high* (``score >= threshold``).
* The pathway map turns a quadrant into the recommended pathway; Dopo di Noi (law 112/2016)
  overrides the map when the household asks for it and is eligible.

Services load the instrument and the scores, call :func:`assess`, and store the result.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from abitare.core.exceptions import DomainError, ValidationFailed

MIN_LEVEL = 1
MAX_LEVEL = 5
HUNDREDTH = Decimal("0.01")
DEFAULT_THRESHOLD = Decimal(50)
# Dopo di Noi is for adults (DM 23/11/2016 art. 1, docs/sources.md#dopo-di-noi).
DOPO_DI_NOI_MIN_AGE = 18


class Axis(StrEnum):
    RESOURCES = "resources"
    POTENTIAL = "potential"


class Quadrant(StrEnum):
    """Where the two axes place a household; ``high`` means at or above the threshold."""

    HIGH_RESOURCES_HIGH_POTENTIAL = "hr_hp"
    HIGH_RESOURCES_LOW_POTENTIAL = "hr_lp"
    LOW_RESOURCES_HIGH_POTENTIAL = "lr_hp"
    LOW_RESOURCES_LOW_POTENTIAL = "lr_lp"


class Pathway(StrEnum):
    """The housing pathways of the Pero / La Cordata model and the Dopo di Noi special pathway."""

    MARKET_ORIENTATION = "market_orientation"
    AGREED_RENT = "agreed_rent"
    SERVICE_CONTRACT = "service_contract"
    RECEPTION_HOUSE = "reception_house"
    DOPO_DI_NOI = "dopo_di_noi"


# The Pero / La Cordata model (docs/sources.md#capacita-di-abitare): the default a territory starts from.
DEFAULT_PATHWAY_MAP: Mapping[Quadrant, Pathway] = {
    Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL: Pathway.MARKET_ORIENTATION,
    Quadrant.HIGH_RESOURCES_LOW_POTENTIAL: Pathway.AGREED_RENT,
    Quadrant.LOW_RESOURCES_HIGH_POTENTIAL: Pathway.SERVICE_CONTRACT,
    Quadrant.LOW_RESOURCES_LOW_POTENTIAL: Pathway.RECEPTION_HOUSE,
}


@dataclass(frozen=True)
class DomainSpec:
    """One domain of an instrument as the arithmetic sees it."""

    code: str
    axis: Axis
    weight: Decimal


@dataclass(frozen=True)
class Thresholds:
    resources: Decimal = DEFAULT_THRESHOLD
    potential: Decimal = DEFAULT_THRESHOLD


@dataclass(frozen=True)
class MemberFacts:
    """What Dopo di Noi eligibility needs to know about one current member of the household."""

    age: int
    severe_disability: bool  # recognised under law 104/1992 art. 3 c. 3


@dataclass(frozen=True)
class Result:
    resources: Decimal
    potential: Decimal
    quadrant: Quadrant
    recommended_pathway: Pathway


def check_scores(domains: Sequence[DomainSpec], scores: Mapping[str, Any]) -> dict[str, int]:
    """Every domain scored with a whole number from 1 to 5, and nothing else; else every error at once."""
    errors: dict[str, list[Any]] = {}
    clean: dict[str, int] = {}
    known = {domain.code for domain in domains}
    for domain in domains:
        value = scores.get(domain.code)
        if value is None or value == "":
            errors[domain.code] = [_("Score this domain: choose a level from 1 to 5.")]
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            errors[domain.code] = [_("The score must be a whole number from 1 to 5.")]
            continue
        try:
            level = int(value)
        except ValueError:
            errors[domain.code] = [_("The score must be a whole number from 1 to 5.")]
            continue
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            errors[domain.code] = [_("The score must be a whole number from 1 to 5.")]
            continue
        clean[domain.code] = level
    for code in sorted(set(scores) - known):
        errors[code] = [_("This domain is not part of the instrument.")]
    if errors:
        raise ValidationFailed(errors, _("Every domain must be scored from 1 to 5."))
    return clean


def axis_score(domains: Sequence[DomainSpec], scores: Mapping[str, int], axis: Axis) -> Decimal:
    """The weighted mean of the axis's domain scores rescaled to 0-100 (two decimals, half up)."""
    on_axis = [domain for domain in domains if domain.axis == axis]
    if any(domain.weight < 0 for domain in on_axis):
        raise DomainError(_("A domain weight cannot be negative."), field="weight")
    total_weight = sum((domain.weight for domain in on_axis), Decimal(0))
    if total_weight <= 0:
        raise DomainError(_("The instrument gives this axis no domain with a positive weight."), field=str(axis))
    weighted = sum((domain.weight * scores[domain.code] for domain in on_axis), Decimal(0))
    mean = weighted / total_weight
    rescaled = (mean - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL) * 100
    return rescaled.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def quadrant_of(resources: Decimal, potential: Decimal, thresholds: Thresholds) -> Quadrant:
    """The quadrant; a score equal to its threshold is high (inclusive thresholds)."""
    high_resources = resources >= thresholds.resources
    high_potential = potential >= thresholds.potential
    if high_resources:
        return Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL if high_potential else Quadrant.HIGH_RESOURCES_LOW_POTENTIAL
    return Quadrant.LOW_RESOURCES_HIGH_POTENTIAL if high_potential else Quadrant.LOW_RESOURCES_LOW_POTENTIAL


def dopo_di_noi_eligible(members: Sequence[MemberFacts]) -> bool:
    """An adult member with a severe disability recognised under law 104/1992 art. 3 c. 3.

    The other conditions of DM 23/11/2016 art. 1 (no family support now or in view of its loss,
    disability not due to ageing) come from the multidimensional assessment: the operator confirms
    them by recording the household's request.
    """
    return any(member.age >= DOPO_DI_NOI_MIN_AGE and member.severe_disability for member in members)


def recommend_pathway(
    quadrant: Quadrant,
    pathway_map: Mapping[Quadrant, str],
    *,
    dopo_di_noi_requested: bool = False,
    dopo_di_noi_eligible: bool = False,
) -> Pathway:
    """The map's pathway for the quadrant, unless the household asks for Dopo di Noi and is eligible."""
    if dopo_di_noi_requested and dopo_di_noi_eligible:
        return Pathway.DOPO_DI_NOI
    return Pathway(pathway_map[quadrant])


def assess(
    domains: Sequence[DomainSpec],
    scores: Mapping[str, Any],
    *,
    thresholds: Thresholds,
    pathway_map: Mapping[Quadrant, str],
    dopo_di_noi_requested: bool = False,
    dopo_di_noi_eligible: bool = False,
) -> Result:
    """Validate the scores, compute both axes, the quadrant and the recommended pathway."""
    clean = check_scores(domains, scores)
    resources = axis_score(domains, clean, Axis.RESOURCES)
    potential = axis_score(domains, clean, Axis.POTENTIAL)
    quadrant = quadrant_of(resources, potential, thresholds)
    pathway = recommend_pathway(
        quadrant,
        pathway_map,
        dopo_di_noi_requested=dopo_di_noi_requested,
        dopo_di_noi_eligible=dopo_di_noi_eligible,
    )
    return Result(resources=resources, potential=potential, quadrant=quadrant, recommended_pathway=pathway)


def next_due(assessed_on: datetime.date, months: int = 6) -> datetime.date:
    """The re-assessment date: the same day ``months`` later (the month's last day when it is shorter)."""
    return assessed_on + relativedelta(months=months)
