"""Plain data in and out of the matching engine: frozen dataclasses, no ORM.

Money is in integer euro cents; areas in square metres. Identifiers are strings so that database
keys, pseudonymised keys of a joint round and researchers' labels all fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

QUADRANTS = ("low_low", "low_high", "high_low", "high_high")
"""Quadrants of the "capacità di abitare" plane: resources x potential (low/high each)."""

GRADUATORIA = "graduatoria"
"""Regime: the ranking decides; each household in turn takes its best adequate unit left."""
RANK_RESPECTING = "rank_respecting"
"""Regime: no justified envy; among such allocations each household, in rank order, gets the best
neighbourhood class that keeps every household ranked above it where it is (docs/adr)."""
FIT = "fit"
"""Regime: the priority-weighted fit is maximised; every rank inversion is listed with its reason."""
REGIMES = (GRADUATORIA, RANK_RESPECTING, FIT)
RANKED_REGIMES = (GRADUATORIA, RANK_RESPECTING)


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
    max_share: Decimal | None = None
    """Exact: kept as the decimal it was given with (a float is read through its shortest repr)."""
    max_count: int | None = None

    def share(self) -> Fraction | None:
        """The share limit as an exact fraction."""
        if self.max_share is None:
            return None
        value = self.max_share if isinstance(self.max_share, Decimal) else Decimal(repr(self.max_share))
        return Fraction(value)


@dataclass(frozen=True)
class Building:
    id: str
    neighbourhood_id: str
    existing_households: int = 0
    """Sitting tenants: the households living in the building when the round starts."""
    existing_counts: tuple[tuple[str, int], ...] = ()
    """Sitting tenants per mix group: ``(("low_low", 3), ("elderly", 2))``."""
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
    household_id: str = ""
    """The household applying; its applications (one per pathway) get one unit at most between
    them. Empty: the application is its own household."""
    housed: bool = False
    """The household has an active tenancy: it gets no unit unless this is a transfer application."""
    transfer: bool = False
    """A transfer application (cambio alloggio): the household moves from the unit it holds."""

    def in_group(self, group: str) -> bool:
        return group == self.quadrant or group in self.groups

    @property
    def household(self) -> str:
        return self.household_id or f"application:{self.id}"


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
    regimes: tuple[tuple[str, str], ...] = ()
    """The territory's regime per pathway, ``(("erp", "rank_respecting"), ...)``; pathways not
    listed use ``default_regime``."""
    default_regime: str = FIT

    def regime(self, pathway: str) -> str:
        return dict(self.regimes).get(pathway, self.default_regime)

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
    upper_bound: float | None
    """A proven upper bound on the objective of every allocation that keeps the proposals of the
    ranked pathways (the value of a feasible dual of the linear relaxation over every pair);
    None when every pathway is allocated by rank (nothing is optimised)."""
    gap: float | None
    """(upper_bound - objective) / upper_bound, exactly 0 when the status is ``optimal``."""
    status: str
    """``optimal`` (proven), ``feasible`` (the gap says how far from optimal at most), ``ranked``
    (every pathway allocated by rank: no optimisation) or ``empty`` (no household fits any unit)."""
    lp_value: float | None
    """The optimum of the linear relaxation over every feasible pair, when it was computed (column
    generation ended with no entering pair); None otherwise."""
    feasible_pairs: int
    columns: int
    rounds: int
    method: str
    regimes: tuple[tuple[str, str], ...] = ()
    """The regime each pathway of the instance was allocated under."""
