"""Plain data in and out of the matching engine: frozen dataclasses, no ORM.

Money is in integer euro cents; areas in square metres. Identifiers are strings so that database
keys, pseudonymised keys of a joint round and researchers' labels all fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

QUADRANTS = ("low_low", "low_high", "high_low", "high_high")
"""Quadrants of the "capacità di abitare" plane: resources x potential (low/high each)."""


@dataclass(frozen=True)
class Unit:
    id: str
    building_id: str
    neighbourhood_id: str
    pathway: str
    rooms: int
    usable_m2: float
    max_occupants: int
    step_free: bool = False
    wheelchair: bool = False
    group_living: bool = False
    monthly_cost: int = 0
    """Rent plus service charges, in cents a month."""


@dataclass(frozen=True)
class MixLimit:
    """A building's limit for one mix group (a quadrant such as ``low_low`` or a tag such as ``elderly``).

    ``max_share``: households of the group at most this share of the building's households
    (existing plus newly housed); ``max_count``: at most this many households of the group.
    Either or both may be given.
    """

    group: str
    max_share: float | None = None
    max_count: int | None = None


@dataclass(frozen=True)
class Building:
    id: str
    neighbourhood_id: str
    existing_households: int = 0
    existing_counts: tuple[tuple[str, int], ...] = ()
    """Households already living in the building, per mix group: ``(("low_low", 3), ("elderly", 2))``."""
    limits: tuple[MixLimit, ...] = ()

    def existing(self, group: str) -> int:
        return dict(self.existing_counts).get(group, 0)


@dataclass(frozen=True)
class Application:
    id: str
    household_size: int
    pathway: str
    priority: float
    monthly_income: int = 0
    """Household income in cents a month (the affordability test compares it with the unit's cost)."""
    needs_step_free: bool = False
    needs_wheelchair: bool = False
    wants_group_living: bool = False
    preferred_neighbourhoods: tuple[str, ...] = ()
    """In order of preference, best first."""
    excluded_neighbourhoods: tuple[str, ...] = ()
    quadrant: str = ""
    groups: tuple[str, ...] = ()
    """Mix tags such as ``elderly``, ``young``, ``neet``, ``disability``."""

    def in_group(self, group: str) -> bool:
        return group == self.quadrant or group in self.groups


@dataclass(frozen=True)
class Rules:
    """The parameters of one round. Defaults: DM Sanità 5/7/1975 (14 m2 for each of the first 4
    occupants, 10 m2 for each one after), affordability 30 % of income, Dopo di Noi group homes
    of at most 5 people (L. 112/2016, DM 23/11/2016)."""

    m2_first: float = 14.0
    first_occupants: int = 4
    m2_after: float = 10.0
    affordability_share: Decimal = Decimal("0.30")
    affordability_exempt_pathways: tuple[str, ...] = ()
    """Pathways whose rent the agency sets from income (e.g. public housing): no affordability test."""
    preference_bonus: tuple[float, ...] = (0.3, 0.2, 0.1)
    """Bonus for a unit in the household's 1st, 2nd, 3rd... preferred neighbourhood; 0 elsewhere."""
    group_living_cap: int = 5

    def min_area(self, occupants: int) -> float:
        first = min(occupants, self.first_occupants)
        return self.m2_first * first + self.m2_after * max(occupants - self.first_occupants, 0)

    def bonus(self, rank: int | None) -> float:
        if rank is None or rank >= len(self.preference_bonus):
            return 0.0
        return self.preference_bonus[rank]


@dataclass(frozen=True)
class Instance:
    neighbourhoods: tuple[str, ...]
    buildings: tuple[Building, ...]
    units: tuple[Unit, ...]
    applications: tuple[Application, ...]
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Proposal:
    """One unit offered to one household, with the parts of its score and the constraints at
    their limit for it (``occupants``, ``floor_area``, ``affordability``, ``mixite:<group>``)."""

    unit_id: str
    application_id: str
    priority: float
    preference_rank: int | None
    """0 for the household's first preferred neighbourhood, None outside its preferences."""
    preference_bonus: float
    weight: float
    """priority x (1 + preference_bonus): this proposal's term in the objective."""
    at_limit: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    proposals: tuple[Proposal, ...]
    objective: float
    upper_bound: float
    """A proven upper bound: the value of a feasible dual of the linear relaxation over every pair."""
    gap: float
    """(upper_bound - objective) / upper_bound; 0 when both are 0."""
    status: str
    """``optimal`` when the gap is 0 within 1e-9; ``feasible`` otherwise (the gap says how far at most);
    ``empty`` when no household fits any unit."""
    lp_value: float
    feasible_pairs: int
    columns: int
    rounds: int
    method: str
