"""The instance as arrays: units and applications in a canonical order (sorted by id), codes for
neighbourhoods, pathways, buildings and mix groups. Everything downstream works on indices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from abitare.matching.engine.models import Application, Instance, Unit

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class MixRow:
    """One linear mixité row: sum over the building's new households of (member - share) <= rhs.

    For a count limit ``share`` is 0 and ``rhs`` is the count left; for a share limit ``rhs`` is
    ``share * existing households - existing members`` (at least 0: a building already over its
    limit may still take households as long as the newcomers' own share stays within it).
    """

    building: int
    group: str
    share: float
    rhs: float
    kind: str  # "share" or "count"


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
    app_priority: FloatArray
    pref_rank: npt.NDArray[np.int8]
    """Neighbourhood x application: preference rank (0 = first) or -1."""
    excluded: BoolArray
    """Neighbourhood x application: True where the household excluded the neighbourhood."""
    bonus_table: FloatArray
    """Bonus by rank, with one extra trailing 0 so that rank -1 reads 0."""
    rows: tuple[MixRow, ...]
    row_member: BoolArray
    """Mix row x application: True where the household belongs to the row's group."""
    building_rows: tuple[tuple[int, ...], ...]
    afford_num: int
    afford_den: int

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

    n_ranks = len(rules.preference_bonus)
    pref_rank = np.full((n_nb, len(apps)), -1, dtype=np.int8)
    excluded = np.zeros((n_nb, len(apps)), dtype=np.bool_)
    for j, app in enumerate(apps):
        for rank, nb in enumerate(app.preferred_neighbourhoods[:n_ranks]):
            if pref_rank[nb_code[nb], j] < 0:
                pref_rank[nb_code[nb], j] = rank
        for nb in app.excluded_neighbourhoods:
            excluded[nb_code[nb], j] = True

    rows: list[MixRow] = []
    per_building: list[list[int]] = [[] for _ in instance.buildings]
    for b, building in enumerate(instance.buildings):
        for limit in building.limits:
            members = building.existing(limit.group)
            if limit.max_count is not None:
                per_building[b].append(len(rows))
                rows.append(MixRow(b, limit.group, 0.0, float(max(limit.max_count - members, 0)), "count"))
            if limit.max_share is not None:
                rhs = limit.max_share * building.existing_households - members
                per_building[b].append(len(rows))
                rows.append(MixRow(b, limit.group, float(limit.max_share), max(rhs, 0.0), "share"))
    in_group = {group: np.array([a.in_group(group) for a in apps], dtype=np.bool_) for group in {r.group for r in rows}}
    row_member = np.zeros((len(rows), len(apps)), dtype=np.bool_)
    for r, row in enumerate(rows):
        row_member[r] = in_group[row.group]

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
        app_priority=np.array([a.priority for a in apps], dtype=np.float64),
        pref_rank=pref_rank,
        excluded=excluded,
        bonus_table=np.array([*rules.preference_bonus, 0.0], dtype=np.float64),
        rows=tuple(rows),
        row_member=row_member,
        building_rows=tuple(tuple(r) for r in per_building),
        afford_num=num,
        afford_den=den,
    )
