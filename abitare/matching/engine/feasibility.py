"""Hard constraints 1-5 (docs/modules/matching-engine.md), pair by pair (for explanations and the validator) and
vectorised over every unit x application pair (for the solver and the baseline).

Mixité (constraint 6) depends on the whole assignment, not on one pair: see ``compiled.MixRow``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from abitare.matching.engine.compiled import BoolArray, Compiled, FloatArray, Int32Array, IntArray
from abitare.matching.engine.models import Application, Rules, Unit

PAIR_CONSTRAINTS = (
    "pathway",
    "occupants",
    "floor_area",
    "step_free",
    "wheelchair",
    "group_living",
    "affordability",
    "excluded_neighbourhood",
    "active_tenancy",
)
BLOCK_CELLS = 1 << 22
"""Cells (units x applications) evaluated at once: about 40 MB of temporaries per block."""


def effective_max_occupants(unit: Unit, rules: Rules) -> int:
    return min(unit.max_occupants, rules.group_living_cap) if unit.group_living else unit.max_occupants


def affordable(unit: Unit, app: Application, rules: Rules) -> bool:
    """Rent plus charges at most the configured share of income, in exact decimal arithmetic."""
    if app.pathway in rules.affordability_exempt_pathways:
        return True
    return Decimal(unit.monthly_cost) <= rules.affordability_share * Decimal(app.monthly_income)


def pair_violations(unit: Unit, app: Application, rules: Rules) -> list[str]:
    """The hard constraints (names from ``PAIR_CONSTRAINTS``) that forbid this household in this unit."""
    failed = []
    if unit.pathway != app.pathway:
        failed.append("pathway")
    if app.household_size > effective_max_occupants(unit, rules):
        failed.append("occupants")
    if unit.usable_m2 < rules.min_area(app.household_size):
        failed.append("floor_area")
    if app.needs_step_free and not unit.step_free:
        failed.append("step_free")
    if app.needs_wheelchair and not unit.wheelchair:
        failed.append("wheelchair")
    if app.wants_group_living and not unit.group_living:
        failed.append("group_living")
    if not affordable(unit, app, rules):
        failed.append("affordability")
    if unit.neighbourhood_id in app.excluded_neighbourhoods:
        failed.append("excluded_neighbourhood")
    if app.housed and not app.transfer:
        failed.append("active_tenancy")
    return failed


def preference_rank(unit: Unit, app: Application) -> int | None:
    try:
        return app.preferred_neighbourhoods.index(unit.neighbourhood_id)
    except ValueError:
        return None


def pair_weight(unit: Unit, app: Application, rules: Rules) -> float:
    """The objective's term: priority x (1 + preference bonus of the unit's neighbourhood)."""
    return app.priority * (1.0 + rules.bonus(preference_rank(unit, app)))


@dataclass(frozen=True)
class Pairs:
    """Every feasible (unit, application) pair, grouped by unit: the pairs of unit ``u`` are
    ``start[u]:start[u] + count[u]``. Weights are the objective's terms."""

    unit: Int32Array
    app: Int32Array
    weight: FloatArray
    start: IntArray
    count: IntArray
    candidates: IntArray
    """Indices into the pair arrays: each unit's ``top_k`` heaviest pairs (a unit's pairs are
    stored heaviest first, ties by application index)."""

    @property
    def size(self) -> int:
        return int(self.unit.size)


def _largest_household(c: Compiled, units: IntArray) -> IntArray:
    """For each unit, the largest household size that fits both the occupant limit and the area rule."""
    rules = c.instance.rules
    top = int(c.app_size.max(initial=1))
    best = np.zeros(units.size, dtype=np.int64)
    for n in range(1, top + 1):
        fits = (c.unit_cap[units] >= n) & (c.unit_m2[units] >= rules.min_area(n))
        best = np.where(fits, n, best)
    return best


@dataclass(frozen=True)
class _Columns:
    """The applications of one pathway that accept one neighbourhood, sorted by household size."""

    apps: IntArray
    size: IntArray
    needs: npt.NDArray[np.uint8]
    """Bit 0 step-free, bit 1 wheelchair, bit 2 group living."""
    income: IntArray
    """Income x affordability numerator; the largest int64 for exempt pathways."""
    weight: FloatArray
    """The pair weight in this neighbourhood: priority x (1 + bonus of its preference rank)."""
    groups: npt.NDArray[np.uint64]


def _needs(step_free: BoolArray, wheelchair: BoolArray, group: BoolArray) -> npt.NDArray[np.uint8]:
    return (step_free.astype(np.uint8) | (wheelchair.astype(np.uint8) << 1) | (group.astype(np.uint8) << 2)).astype(
        np.uint8
    )


def _columns(c: Compiled, apps: IntArray, nb: int) -> _Columns:
    apps = apps[~c.excluded[nb, apps]]
    weight = c.app_priority[apps] * (1.0 + c.bonus_table[c.pref_rank[nb, apps]])
    # Heaviest first (ties by application): each unit's pairs come out best first.
    order = np.lexsort((apps, -weight))
    apps, weight = apps[order], weight[order]
    income = np.where(c.app_exempt[apps], np.iinfo(np.int64).max, c.app_income[apps] * c.afford_num)
    return _Columns(
        apps=apps,
        size=c.app_size[apps],
        needs=_needs(c.app_step_free[apps], c.app_wheelchair[apps], c.app_group[apps]),
        income=income,
        weight=weight,
        groups=c.app_groups[apps],
    )


def feasible_pairs(c: Compiled, *, top_k: int, closed: bool = True) -> Pairs:
    """Evaluate constraints 1-5 (and the mix limits that shut a building to a group, see
    ``Compiled.unit_closed``) block by block, per pathway and neighbourhood (a household that
    excluded the neighbourhood is never looked at), with the applications heaviest first so that
    each unit's pairs come out best first and its ``top_k`` heaviest are its first ``top_k``."""
    parts_u: list[Int32Array] = []
    parts_a: list[Int32Array] = []
    parts_w: list[FloatArray] = []
    parts_top: list[IntArray] = []
    has = _needs(c.unit_step_free, c.unit_wheelchair, c.unit_group)
    largest = _largest_household(c, np.arange(c.n_units))
    for path in np.unique(c.unit_path):
        path_apps = np.flatnonzero((c.app_path == path) & ~c.app_blocked)
        if path_apps.size == 0:
            continue
        path_units = np.flatnonzero(c.unit_path == path)
        for nb in np.unique(c.unit_nb[path_units]).tolist():
            cols = _columns(c, path_apps, nb)
            width = cols.apps.size
            if width == 0:
                continue
            units = path_units[c.unit_nb[path_units] == nb]
            step = max(1, BLOCK_CELLS // width)
            for start in range(0, units.size, step):
                block = units[start : start + step]
                mask = cols.size[None, :] <= largest[block][:, None]
                mask &= (cols.needs[None, :] & ~has[block][:, None]) == 0
                mask &= (c.unit_cost[block] * c.afford_den)[:, None] <= cols.income[None, :]
                shut = c.unit_closed[block]
                if closed and shut.any():
                    mask &= (shut[:, None] & cols.groups[None, :]) == 0
                r, col = np.nonzero(mask)
                del mask
                per_row = np.bincount(r, minlength=block.size)
                row_start = np.r_[0, np.cumsum(per_row)[:-1]]
                parts_top.append(np.flatnonzero(np.arange(r.size) - row_start[r] < top_k))
                parts_u.append(block[r].astype(np.int32))
                parts_a.append(cols.apps[col].astype(np.int32))
                parts_w.append(cols.weight[col])
    sizes = [part.size for part in parts_u]
    unit = _concatenate(parts_u, np.int32)
    app = _concatenate(parts_a, np.int32)
    weight = _concatenate(parts_w, np.float64)
    count = np.bincount(unit, minlength=c.n_units).astype(np.int64)
    first = np.full(c.n_units, 0, dtype=np.int64)
    if unit.size:
        boundaries = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
        first[unit[boundaries]] = boundaries
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    candidates = [local + offsets[i] for i, local in enumerate(parts_top)]
    cand = np.concatenate(candidates) if candidates else np.zeros(0, dtype=np.int64)
    return Pairs(unit=unit, app=app, weight=weight, start=first, count=count, candidates=np.sort(cand))


@dataclass(frozen=True)
class UnitTable:
    """The units of each pathway with what constraints 1-5 read, to list one application's
    feasible units without the pair arrays (the ranked regimes visit few applications each)."""

    units: dict[int, IntArray]
    largest: IntArray
    needs: npt.NDArray[np.uint8]
    cost: IntArray


def unit_table(c: Compiled) -> UnitTable:
    return UnitTable(
        units={int(p): np.flatnonzero(c.unit_path == p) for p in np.unique(c.unit_path)},
        largest=_largest_household(c, np.arange(c.n_units)),
        needs=_needs(c.unit_step_free, c.unit_wheelchair, c.unit_group),
        cost=c.unit_cost * c.afford_den,
    )


def feasible_units(c: Compiled, table: UnitTable, app: int) -> IntArray:
    """The units application ``app`` may take (constraints 1-5), in index order."""
    units = table.units.get(int(c.app_path[app]))
    if units is None or c.app_blocked[app]:
        return np.zeros(0, dtype=np.int64)
    need = _needs(c.app_step_free[app : app + 1], c.app_wheelchair[app : app + 1], c.app_group[app : app + 1])[0]
    ok = table.largest[units] >= c.app_size[app]
    ok &= (table.needs[units] & need) == need
    ok &= ~c.excluded[c.unit_nb[units], app]
    if not c.app_exempt[app]:
        ok &= table.cost[units] <= c.app_income[app] * c.afford_num
    ok &= (c.unit_closed[units] & c.app_groups[app]) == 0
    found: IntArray = units[ok]
    return found


def _concatenate(parts: list[Any], dtype: type[np.generic]) -> Any:
    """Concatenate and empty ``parts`` (so that the pieces can be freed)."""
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    parts.clear()
    return out


def subset(pairs: Pairs, keep: BoolArray) -> Pairs:
    """The pairs where ``keep`` holds, still grouped by unit, with their candidates."""
    index = np.flatnonzero(keep)
    unit = pairs.unit[index]
    n_units = pairs.start.size
    count = np.bincount(unit, minlength=n_units).astype(np.int64)
    first = np.zeros(n_units, dtype=np.int64)
    if unit.size:
        boundaries = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
        first[unit[boundaries]] = boundaries
    new_position = np.cumsum(keep) - 1
    candidates = pairs.candidates[keep[pairs.candidates]]
    return Pairs(
        unit=unit,
        app=pairs.app[index],
        weight=pairs.weight[index],
        start=first,
        count=count,
        candidates=new_position[candidates].astype(np.int64),
    )
