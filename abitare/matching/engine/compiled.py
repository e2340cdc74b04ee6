"""The instance as arrays: units and applications in a canonical order (sorted by id), codes for
neighbourhoods, pathways, buildings and mix groups. Everything downstream works on indices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from abitare.matching.engine.models import REGIMES, Application, Building, Instance, Unit

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


ELSEWHERE = 1 << 20
"""The preference class of a neighbourhood the household did not list."""
CHUNK_PAIRS = 1 << 23
"""Pairs handled at once by the passes over every pair (bounds their temporaries)."""
SHARE_DENOMINATOR_MAX = 10**12
"""Share limits are exact fractions; beyond 12 decimals the integer rows could overflow."""


@dataclass(frozen=True)
class MixRow:
    """One mixité row of a building, in integers: over the building's newcomers,
    ``member x (newcomers in the group) + other x (newcomers outside it) <= rhs``.

    - count limit ``c`` with ``C`` sitting tenants in the group: ``member = 1``, ``other = 0``,
      ``rhs = max(c - C, 0)``;
    - share limit ``s = p/q`` with ``E`` sitting tenants, ``C`` of them in the group, and
      ``qC <= pE``: the building as it will be keeps ``C + m <= s (E + h)``, that is
      ``(q - p) m - p o <= pE - qC`` (``m`` newcomers in the group, ``o`` outside it);
    - a share limit the sitting tenants already exceed (``qC > pE``): no newcomer of the group
      (``member = 1``, ``other = 0``, ``rhs = 0``); newcomers outside it bring the share down.

    ``scale`` divides the row back into households (``q`` for a share row, else 1) for the
    floating-point solvers; every check that decides feasibility uses the integers.
    """

    building: int
    group: str
    kind: str
    """``share``, ``count`` or ``closed`` (a share limit already exceeded by the sitting tenants)."""
    member: int
    other: int
    rhs: int
    scale: int

    def coefficient(self, in_group: bool) -> int:
        return self.member if in_group else self.other


def mix_rows(building_index: int, building: Building) -> list[MixRow]:
    """The integer rows of one building's limits (see ``MixRow``)."""
    rows = []
    for limit in building.limits:
        members = building.existing(limit.group)
        if limit.max_count is not None:
            rows.append(MixRow(building_index, limit.group, "count", 1, 0, max(limit.max_count - members, 0), 1))
        share = limit.share()
        if share is not None:
            p, q = share.numerator, share.denominator
            room = p * building.existing_households - q * members
            if room < 0:
                rows.append(MixRow(building_index, limit.group, "closed", 1, 0, 0, 1))
            else:
                rows.append(MixRow(building_index, limit.group, "share", q - p, -p, room, q))
    return rows


@dataclass(frozen=True)
class Compiled:
    instance: Instance
    units: tuple[Unit, ...]
    apps: tuple[Application, ...]
    unit_building: IntArray
    unit_nb: IntArray
    unit_path: IntArray
    unit_cap: IntArray
    unit_m2: FloatArray
    unit_step_free: BoolArray
    unit_wheelchair: BoolArray
    unit_group: BoolArray
    unit_cost: IntArray
    app_path: IntArray
    app_size: IntArray
    app_min_area: FloatArray
    app_step_free: BoolArray
    app_wheelchair: BoolArray
    app_group: BoolArray
    app_income: IntArray
    app_exempt: BoolArray
    app_blocked: BoolArray
    """The household has an active tenancy and this is not a transfer application: no unit."""
    app_priority: FloatArray
    pref_rank: npt.NDArray[np.int16]
    """Neighbourhood x application: preference rank (0 = first) or -1."""
    excluded: BoolArray
    """Neighbourhood x application: True where the household excluded the neighbourhood."""
    bonus_table: FloatArray
    """Bonus by rank, with one extra trailing 0 so that rank -1 reads 0."""

    def preference_class(self, nb: IntArray | int, app: IntArray | int) -> IntArray:
        """How the household ranks a unit of neighbourhood ``nb``: its preference rank, or
        ``ELSEWHERE`` for every neighbourhood it did not list (lower is better)."""
        rank = self.pref_rank[nb, app].astype(np.int64)
        return np.where(rank < 0, ELSEWHERE, rank)

    rows: tuple[MixRow, ...]
    row_group: IntArray
    """Each row's group, as an index into ``group_member``."""
    group_member: BoolArray
    """Mix group x application: True where the household belongs to the group."""
    building_rows: tuple[tuple[int, ...], ...]
    afford_num: int
    afford_den: int
    app_household: IntArray
    """Each application's household, as an index: a household gets one unit at most."""
    n_households: int
    app_rank: IntArray
    """Each application's position in the ranking (0 = first): descending priority, ties by id."""
    pathways: tuple[str, ...]
    """Pathway codes (``unit_path`` and ``app_path`` index into it)."""
    unit_closed: npt.NDArray[np.uint64]
    """Per unit, a bit per mix group its building takes no newcomer of (a count limit already
    reached or a share limit already exceeded by the sitting tenants): such pairs are infeasible
    on their own, whatever else the round does."""
    app_groups: npt.NDArray[np.uint64]
    """Per application, a bit per mix group it belongs to."""

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_apps(self) -> int:
        return len(self.apps)

    def unit_index(self) -> dict[str, int]:
        return {u.id: i for i, u in enumerate(self.units)}

    def app_index(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.apps)}

    def float_rows(self, load: IntArray | None = None) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The mix rows in households for the floating-point solvers: coefficient of a newcomer in
        the group, of one outside it, and the room left (``load``: integer load already placed)."""
        scale = np.array([r.scale for r in self.rows], dtype=np.float64)
        member = np.array([r.member for r in self.rows], dtype=np.float64) / scale
        other = np.array([r.other for r in self.rows], dtype=np.float64) / scale
        rhs = np.array([r.rhs for r in self.rows], dtype=np.int64)
        if load is not None:
            rhs = rhs - load
        return member, other, rhs / scale

    def row_coefficients(self, row: int, apps: IntArray, member: FloatArray, other: FloatArray) -> FloatArray:
        """Floating-point coefficients of row ``row`` for the applications ``apps``."""
        inside = self.group_member[self.row_group[row], apps]
        out: FloatArray = np.where(inside, member[row], other[row])
        return out

    def member(self, row: int, app: int) -> bool:
        return bool(self.group_member[self.row_group[row], app])

    def coefficient(self, row: int, app: int) -> int:
        """The integer coefficient of application ``app`` newly housed in the row's building."""
        r = self.rows[row]
        return r.member if self.group_member[self.row_group[row], app] else r.other


class InvalidInstance(ValueError):
    """The instance contradicts itself (the JSON reader reports the same problems with their line)."""


def check_instance(instance: Instance) -> None:
    """Refuse duplicated ids, units whose building or neighbourhood is unknown or disagrees, and
    applications naming unknown neighbourhoods or impossible sizes and priorities."""
    neighbourhoods = set(instance.neighbourhoods)
    buildings = {b.id: b for b in instance.buildings}
    if len(buildings) != len(instance.buildings):
        raise InvalidInstance("a building id is used twice")
    for building in instance.buildings:
        if building.neighbourhood_id not in neighbourhoods:
            raise InvalidInstance(f"building {building.id}: unknown neighbourhood {building.neighbourhood_id}")
    seen: set[str] = set()
    for unit in instance.units:
        if unit.id in seen:
            raise InvalidInstance(f"unit {unit.id} is listed twice")
        seen.add(unit.id)
        home = buildings.get(unit.building_id)
        if home is None or home.neighbourhood_id != unit.neighbourhood_id:
            raise InvalidInstance(f"unit {unit.id}: building {unit.building_id} unknown or in another neighbourhood")
    seen = set()
    for app in instance.applications:
        if app.id in seen:
            raise InvalidInstance(f"application {app.id} is listed twice")
        seen.add(app.id)
        unknown = set(app.preferred_neighbourhoods) | set(app.excluded_neighbourhoods)
        if unknown - neighbourhoods:
            raise InvalidInstance(f"application {app.id}: unknown neighbourhood {sorted(unknown - neighbourhoods)[0]}")
        if app.household_size < 1 or not (0 <= app.priority < float("inf")):
            raise InvalidInstance(f"application {app.id}: household size must be >= 1 and priority >= 0")
    _check_mix(instance)


def _check_mix(instance: Instance) -> None:
    for building in instance.buildings:
        if any(not 0 <= count <= building.existing_households for _, count in building.existing_counts):
            raise InvalidInstance(f"building {building.id}: sitting tenants of a group above its sitting tenants")
        for limit in building.limits:
            share = limit.share()
            if share is not None and not (0 <= share <= 1 and share.denominator <= SHARE_DENOMINATOR_MAX):
                raise InvalidInstance(f"building {building.id}: share limit must be in [0, 1] with at most 12 decimals")
    rules = instance.rules
    for regime in (rules.default_regime, *(r for _, r in rules.regimes)):
        if regime not in REGIMES:
            raise InvalidInstance(f"unknown regime {regime}")


def compile_instance(instance: Instance) -> Compiled:
    """Arrays for the filter and the solver. Units and applications are sorted by id so that the
    order in which they were given never changes the answer."""
    check_instance(instance)
    rules = instance.rules
    units = tuple(sorted(instance.units, key=lambda u: u.id))
    apps = tuple(sorted(instance.applications, key=lambda a: a.id))
    nb_code = {n: i for i, n in enumerate(instance.neighbourhoods)}
    building_code = {b.id: i for i, b in enumerate(instance.buildings)}
    pathways = sorted({u.pathway for u in units} | {a.pathway for a in apps})
    path_code = {p: i for i, p in enumerate(pathways)}
    exempt = set(rules.affordability_exempt_pathways)
    n_nb = len(instance.neighbourhoods)

    cap = np.array([u.max_occupants for u in units], dtype=np.int64)
    group_unit = np.array([u.group_living for u in units], dtype=np.bool_)
    cap = np.where(group_unit, np.minimum(cap, rules.group_living_cap), cap)
    sizes = np.array([a.household_size for a in apps], dtype=np.int64)
    min_area = rules.m2_first * np.minimum(sizes, rules.first_occupants) + rules.m2_after * np.maximum(
        sizes - rules.first_occupants, 0
    )

    pref_rank = np.full((n_nb, len(apps)), -1, dtype=np.int16)
    excluded = np.zeros((n_nb, len(apps)), dtype=np.bool_)
    longest = 0
    for j, app in enumerate(apps):
        for rank, nb in enumerate(app.preferred_neighbourhoods):
            if pref_rank[nb_code[nb], j] < 0:
                pref_rank[nb_code[nb], j] = rank
                longest = max(longest, rank + 1)
        for nb in app.excluded_neighbourhoods:
            excluded[nb_code[nb], j] = True

    rows: list[MixRow] = []
    per_building: list[list[int]] = [[] for _ in instance.buildings]
    for b, building in enumerate(instance.buildings):
        for row in mix_rows(b, building):
            per_building[b].append(len(rows))
            rows.append(row)
    groups = sorted({r.group for r in rows})
    if len(groups) > 64:
        raise InvalidInstance("at most 64 mix groups with a limit in one round")
    group_code = {g: i for i, g in enumerate(groups)}
    group_member = np.zeros((len(groups), len(apps)), dtype=np.bool_)
    for g, group in enumerate(groups):
        group_member[g] = [a.in_group(group) for a in apps]
    closed = np.zeros(len(instance.buildings), dtype=np.uint64)
    for r in rows:
        if r.other == 0 and r.rhs == 0:
            closed[r.building] |= np.uint64(1 << group_code[r.group])
    app_groups = np.zeros(len(apps), dtype=np.uint64)
    for g in range(len(groups)):
        app_groups[group_member[g]] |= np.uint64(1 << g)
    household_code: dict[str, int] = {}
    app_household = np.array(
        [household_code.setdefault(a.household, len(household_code)) for a in apps], dtype=np.int64
    )
    priority = np.array([a.priority for a in apps], dtype=np.float64)
    app_rank = np.empty(len(apps), dtype=np.int64)
    app_rank[np.lexsort((np.arange(len(apps)), -priority))] = np.arange(len(apps))

    num, den = rules.affordability_share.as_integer_ratio()
    return Compiled(
        instance=instance,
        units=units,
        apps=apps,
        unit_building=np.array([building_code[u.building_id] for u in units], dtype=np.int64),
        unit_nb=np.array([nb_code[u.neighbourhood_id] for u in units], dtype=np.int64),
        unit_path=np.array([path_code[u.pathway] for u in units], dtype=np.int64),
        unit_cap=cap,
        unit_m2=np.array([u.usable_m2 for u in units], dtype=np.float64),
        unit_step_free=np.array([u.step_free for u in units], dtype=np.bool_),
        unit_wheelchair=np.array([u.wheelchair for u in units], dtype=np.bool_),
        unit_group=group_unit,
        unit_cost=np.array([u.monthly_cost for u in units], dtype=np.int64),
        app_path=np.array([path_code[a.pathway] for a in apps], dtype=np.int64),
        app_size=sizes,
        app_min_area=min_area.astype(np.float64),
        app_step_free=np.array([a.needs_step_free for a in apps], dtype=np.bool_),
        app_wheelchair=np.array([a.needs_wheelchair for a in apps], dtype=np.bool_),
        app_group=np.array([a.wants_group_living for a in apps], dtype=np.bool_),
        app_income=np.array([a.monthly_income for a in apps], dtype=np.int64),
        app_exempt=np.array([a.pathway in exempt for a in apps], dtype=np.bool_),
        app_blocked=np.array([a.housed and not a.transfer for a in apps], dtype=np.bool_),
        app_priority=priority,
        pref_rank=pref_rank,
        excluded=excluded,
        bonus_table=np.array(
            [rules.bonus(rank) for rank in range(max(longest, len(rules.preference_bonus)))] + [0.0], dtype=np.float64
        ),
        rows=tuple(rows),
        row_group=np.array([group_code[r.group] for r in rows], dtype=np.int64),
        group_member=group_member,
        building_rows=tuple(tuple(r) for r in per_building),
        afford_num=num,
        afford_den=den,
        app_household=app_household,
        n_households=len(household_code),
        app_rank=app_rank,
        pathways=tuple(pathways),
        unit_closed=closed[[building_code[u.building_id] for u in units]] if units else np.zeros(0, np.uint64),
        app_groups=app_groups,
    )
