"""The fit regime's optimiser: column generation on the linear relaxation, then the integer
problem on the generated columns, with a proven upper bound over every feasible pair.

1. The restricted problem starts from each unit's ``top_k`` heaviest pairs plus the pairs of the
   rank order (so the answer can never be worse than the graduatoria).
2. GLOP solves its relaxation; with its duals (unit prices, mixité multipliers) every pair is
   priced; pairs with a positive reduced cost join (each unit's ``top_k`` best) until none is left.
3. With unit prices ``pi >= 0`` and multipliers ``lam >= 0``, setting each household's dual to
   its best reduced pair value (or 0) gives a feasible dual of the full relaxation, so
   ``sum(pi) + sum(household duals) + lam . rhs`` is an upper bound on any allocation.
4. HiGHS (one thread, fixed seed) solves the integer problem over the generated columns; with
   reduced-cost fixing, when few pairs are left, over every pair that can be in a better answer,
   which proves the optimum.
5. The answer is checked in exact integer arithmetic and repaired if a floating-point row let a
   limit slip (``repair``); a repaired answer is never called optimal.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from abitare.matching.engine.compiled import CHUNK_PAIRS, Compiled, FloatArray, IntArray
from abitare.matching.engine.feasibility import Pairs, unit_table
from abitare.matching.engine.lp import FloatRows, Solution, solve_restricted
from abitare.matching.engine.mix import MixState
from abitare.matching.engine.ranked import State, ranked_allocation

OPTIMAL_GAP = 1e-9
CG_TOLERANCE = 1e-4
"""Column generation stops when the relaxation is within 0.01 % of the proven bound."""
PRICE_TOLERANCE = 1e-7
MAX_ROUNDS = 60
SUPPORT_EPS = 1e-9
MAX_FINAL_COLUMNS = 20_000
CHUNK = CHUNK_PAIRS


@dataclass(frozen=True)
class Found:
    """An optimiser's answer for the pairs it was given (indices into ``Compiled``)."""

    assignment: list[tuple[int, int]]
    bound: float
    proven: bool
    lp_value: float | None
    columns: int
    rounds: int
    method: str


def optimise(
    c: Compiled,
    pairs: Pairs,
    load: IntArray,
    *,
    top_k: int,
    time_limit: float,
    incumbent: IntArray | None = None,
    enter_k: int | None = None,
) -> Found:
    """Maximise the priority-weighted fit over ``pairs`` with the mix rows' room after ``load``
    (``incumbent``: the graduatoria's pairs, when already known; ``enter_k``: pairs entering per
    unit and round of column generation, default ``top_k``)."""
    enter_k = top_k if enter_k is None else enter_k
    deadline = time.monotonic() + time_limit
    if pairs.size == 0:
        return Found([], 0.0, True, 0.0, 0, 0, "none")
    rows = FloatRows(*c.float_rows(load))
    baseline = graduatoria_pairs(c, pairs, load) if incumbent is None else incumbent
    reduced = np.empty(pairs.size, dtype=np.float64)
    cg = _column_generation(c, pairs, rows, baseline, reduced, deadline=deadline, top_k=top_k, enter_k=enter_k)
    bound, timed_out = cg.bound, cg.timed_out
    chosen, objective = baseline, float(pairs.weight[baseline].sum())
    # The relaxation rounded (its pairs above one half), repaired in exact arithmetic: a good
    # allocation at once, before the integer problem (which may not finish on a large round).
    rounded, _ = repair(c, pairs, cg.rounded, load, pool=cg.support)
    rounded_pairs = pair_indices(pairs, rounded)
    if pairs.weight[rounded_pairs].sum() > objective:
        chosen, objective = rounded_pairs, float(pairs.weight[rounded_pairs].sum())
    chosen, objective = _better(c, pairs, rows, cg.support, _left(deadline), chosen, objective)
    # Reduced-cost fixing: with a feasible dual of value ``bound``, a pair whose slack exceeds
    # bound - objective belongs to no allocation better than the incumbent.
    unit_duals, row_duals, best = cg.duals
    if timed_out:
        # The relaxation's duals may be far from optimal: price the units from the allocation.
        prices = _allocation_prices(c, pairs, rows, chosen, row_duals, reduced)
        if prices[0] < bound:
            bound, unit_duals, best = prices
    _reduced(c, pairs, rows, unit_duals, row_duals, out=reduced)
    alive = _alive(c, pairs, reduced, best, bound - objective + OPTIMAL_GAP * max(bound, 1.0))
    del reduced
    proven = False
    if alive.size <= MAX_FINAL_COLUMNS and time.monotonic() < deadline:
        columns = np.union1d(alive, chosen)
        final = solve_restricted(c, pairs, rows, columns, integer=True, time_limit=_left(deadline))
        chosen, objective = _better(c, pairs, rows, columns, 0.0, chosen, objective, final)
        proven = final.status == "optimal"
    assignment, repaired = repair(c, pairs, chosen, load)
    converged = cg.converged and not timed_out
    return Found(
        assignment=assignment,
        bound=max(bound, objective),
        proven=proven and not repaired,
        lp_value=cg.lp_value if converged else None,
        columns=cg.columns,
        rounds=cg.rounds,
        method=_method(proven=proven and not repaired, timed_out=timed_out or time.monotonic() > deadline),
    )


def graduatoria_pairs(c: Compiled, pairs: Pairs, load: IntArray) -> IntArray:
    """The pair indices the graduatoria would choose among ``pairs`` (the optimiser's first
    incumbent): only the units and households of ``pairs`` take part."""
    state = State.empty(c)
    state.mix.load = [int(x) for x in load]
    usable = pairs.count > 0
    present = np.zeros(c.n_apps, dtype=np.bool_)
    present[pairs.app] = True
    regimes = ["graduatoria" if p else "" for p in present.tolist()]
    ranked_allocation(c, unit_table(c), regimes, state, usable=usable)
    return pair_indices(pairs, state.assignment())


def pair_indices(pairs: Pairs, assignment: list[tuple[int, int]]) -> IntArray:
    """The pair index of each (unit, application) of ``assignment``."""
    out = []
    for unit, app in assignment:
        own = np.arange(pairs.start[unit], pairs.start[unit] + pairs.count[unit])
        out.append(int(own[np.flatnonzero(pairs.app[own] == app)[0]]))
    return np.array(sorted(out), dtype=np.int64)


def repair(
    c: Compiled, pairs: Pairs, chosen: IntArray, load: IntArray, *, pool: IntArray | None = None
) -> tuple[list[tuple[int, int]], bool]:
    """The chosen pairs as an assignment that keeps every mix row in exact arithmetic: when a row is
    over its limit (a floating-point row let it slip), the lightest newcomers that load it leave,
    then vacant units are offered to the households left, heaviest pair of ``pool`` (default:
    every pair) first. Returns the assignment and whether anything changed."""
    mix = MixState(c)
    mix.load = [int(x) for x in load]
    chosen = chosen[np.argsort(-pairs.weight[chosen], kind="stable")]
    assignment: dict[int, int] = {}
    housed: set[int] = set()
    for k in chosen.tolist():
        unit, app = int(pairs.unit[k]), int(pairs.app[k])
        household = int(c.app_household[app])
        # A rounded relaxation can hold a household (or a unit) twice at one half each.
        if unit in assignment or household in housed:
            continue
        assignment[unit] = app
        housed.add(household)
        mix.add(unit, app)
    if not mix.broken() and len(assignment) == chosen.size:
        return sorted(assignment.items()), False
    for k in chosen[::-1].tolist():
        unit, app = int(pairs.unit[k]), int(pairs.app[k])
        broken = set(mix.broken())
        if not broken:
            break
        rows = set(c.building_rows[int(c.unit_building[unit])])
        if assignment.get(unit) != app:
            continue
        if any(r in broken and c.coefficient(r, app) > 0 for r in rows):
            mix.remove(unit, app)
            del assignment[unit]
    housed = {int(c.app_household[a]) for a in assignment.values()}
    pool = np.arange(pairs.size) if pool is None else pool
    vacant = np.ones(c.n_units, dtype=np.bool_)
    vacant[list(assignment)] = False
    pool = pool[vacant[pairs.unit[pool]]]
    for k in pool[np.argsort(-pairs.weight[pool], kind="stable")].tolist():
        unit, app = int(pairs.unit[k]), int(pairs.app[k])
        household = int(c.app_household[app])
        if unit in assignment or household in housed or c.app_blocked[app] or not mix.allows(unit, app):
            continue
        mix.add(unit, app)
        assignment[unit] = app
        housed.add(household)
    return sorted(assignment.items()), True


@dataclass(frozen=True)
class _Relaxation:
    bound: float
    duals: tuple[FloatArray, FloatArray, FloatArray]
    """Unit prices, mixité multipliers and household duals of the best bound."""
    support: IntArray
    rounded: IntArray
    """The pairs at more than one half in the best relaxation."""
    lp_value: float
    columns: int
    rounds: int
    timed_out: bool
    converged: bool
    """No pair entered in the last round: ``lp_value`` is the relaxation's optimum over every pair."""


def _column_generation(
    c: Compiled,
    pairs: Pairs,
    rows: FloatRows,
    baseline: IntArray,
    reduced: FloatArray,
    *,
    deadline: float,
    top_k: int,
    enter_k: int,
) -> _Relaxation:
    columns = np.union1d(pairs.candidates, baseline)
    bound = np.inf
    best_duals = (np.zeros(c.n_units), np.zeros(len(c.rows)), np.zeros(c.n_households))
    lp_value = 0.0
    rounds = 0
    support = rounded = baseline
    timed_out = converged = False
    while rounds < MAX_ROUNDS:
        rounds += 1
        lp_start = time.monotonic()
        lp = solve_restricted(c, pairs, rows, columns, integer=False, time_limit=_left(deadline))
        lp_seconds = time.monotonic() - lp_start
        if lp.status == "none":
            timed_out = True
            break
        lp_value = lp.objective
        _reduced(c, pairs, rows, lp.unit_duals, lp.row_duals, out=reduced)
        best = best_per_household(c, pairs, reduced)
        dual_value = float(lp.unit_duals.sum() + best.sum() + lp.row_duals @ rows.rhs)

        if dual_value < bound:
            bound, best_duals = dual_value, (lp.unit_duals, lp.row_duals, best)
            support = np.union1d(columns[lp.values > SUPPORT_EPS], baseline)
            rounded = np.sort(columns[lp.values > 0.5])
        entering, priced = _entering(c, pairs, reduced, lp.household_duals)
        entering_new = ~np.isin(entering, columns, assume_unique=True)
        entering, priced = entering[entering_new], priced[entering_new]
        if entering.size == 0:
            converged = lp.status == "optimal"
            break
        if bound - lp_value <= CG_TOLERANCE * max(bound, 1.0):
            break
        if time.monotonic() + lp_seconds > deadline:
            # The next round would not finish in time (it is at least as large as this one).
            timed_out = True
            break
        columns = np.union1d(columns, _top_by_unit(pairs, entering, priced, enter_k))
    return _Relaxation(bound, best_duals, support, rounded, lp_value, int(columns.size), rounds, timed_out, converged)


def _allocation_prices(
    c: Compiled,
    pairs: Pairs,
    rows: FloatRows,
    chosen: IntArray,
    row_duals: FloatArray,
    buffer: FloatArray,
) -> tuple[float, FloatArray, FloatArray]:
    """A second feasible dual, built from an allocation: each unit is priced at the best
    (Lagrangian) weight of the households the allocation leaves unhoused, each household's dual is
    its best gain at those prices. Any prices give a valid bound; these are close when the
    allocation is good even if the relaxation's duals are not. Returns (bound, prices, duals)."""
    _reduced(c, pairs, rows, np.zeros(c.n_units), row_duals, out=buffer)
    own = np.zeros(c.n_households, dtype=np.bool_)
    own[c.app_household[pairs.app[chosen]]] = True
    housed = own[c.app_household[pairs.app]]
    free = np.where(housed, -np.inf, buffer)
    prices = np.zeros(c.n_units)
    segment_max(free, pairs, out=prices)
    for s, e in _chunks(pairs.size):
        buffer[s:e] -= prices[pairs.unit[s:e]]
    best = best_per_household(c, pairs, buffer)
    return float(prices.sum() + best.sum() + row_duals @ rows.rhs), prices, best


def segment_max(values: FloatArray, pairs: Pairs, *, out: FloatArray) -> None:
    """out[u] = max(out[u], max of values over unit u's pairs)."""
    nonempty = np.flatnonzero(pairs.count > 0)
    nonempty = nonempty[np.argsort(pairs.start[nonempty], kind="stable")]
    if nonempty.size:
        found = np.maximum.reduceat(values, pairs.start[nonempty])
        out[nonempty] = np.maximum(out[nonempty], found)


def _left(deadline: float) -> float:
    """Seconds left for a solver call: at least one, so that a late call still returns an answer."""
    return max(1.0, deadline - time.monotonic())


def _method(*, proven: bool, timed_out: bool) -> str:
    if proven:
        return "column generation, reduced-cost fixing, MIP: proven optimal"
    method = "column generation, MIP on the relaxation's support"
    return method + " (time limit reached)" if timed_out else method


def _chunks(size: int) -> list[tuple[int, int]]:
    return [(s, min(size, s + CHUNK)) for s in range(0, size, CHUNK)]


def _reduced(
    c: Compiled, pairs: Pairs, rows: FloatRows, unit_duals: FloatArray, row_duals: FloatArray, *, out: FloatArray
) -> None:
    """w - pi[unit] - lam . mixité coefficients, for every pair, into ``out`` (chunked: no big temporaries)."""
    for s, e in _chunks(pairs.size):
        np.subtract(pairs.weight[s:e], unit_duals[pairs.unit[s:e]], out=out[s:e])
    active = np.flatnonzero(row_duals > 0)
    for building in np.unique([c.rows[int(r)].building for r in active]).tolist():
        units = np.flatnonzero(c.unit_building == building)
        idx = np.concatenate([np.arange(pairs.start[u], pairs.start[u] + pairs.count[u]) for u in units.tolist()])
        for r in c.building_rows[building]:
            if row_duals[r] > 0 and idx.size:
                out[idx] -= row_duals[r] * c.row_coefficients(r, pairs.app[idx], rows.member, rows.other)


def _entering(
    c: Compiled, pairs: Pairs, reduced: FloatArray, household_duals: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Pairs with a positive reduced cost against the restricted problem's duals, and that cost."""
    found: list[IntArray] = []
    values: list[FloatArray] = []
    for s, e in _chunks(pairs.size):
        priced = reduced[s:e] - household_duals[c.app_household[pairs.app[s:e]]]
        hit = np.flatnonzero(priced > PRICE_TOLERANCE * (1.0 + pairs.weight[s:e]))
        found.append(hit + s)
        values.append(priced[hit])
    return np.concatenate(found), np.concatenate(values)


def _alive(c: Compiled, pairs: Pairs, reduced: FloatArray, best: FloatArray, room: float) -> IntArray:
    """Pairs whose slack in the dual (best[household] - reduced) is at most ``room``."""
    found = []
    for s, e in _chunks(pairs.size):
        found.append(np.flatnonzero(best[c.app_household[pairs.app[s:e]]] - reduced[s:e] <= room) + s)
    return np.concatenate(found)


def _better(
    c: Compiled,
    pairs: Pairs,
    rows: FloatRows,
    columns: IntArray,
    time_limit: float,
    chosen: IntArray,
    objective: float,
    solution: Solution | None = None,
) -> tuple[IntArray, float]:
    """The MIP's answer over ``columns`` if it beats the incumbent, else the incumbent."""
    if solution is None:
        solution = solve_restricted(c, pairs, rows, columns, integer=True, time_limit=time_limit)
    if solution.status == "none":
        return chosen, objective
    picked = columns[solution.values > 0.5]
    value = float(pairs.weight[picked].sum())
    return (picked, value) if value > objective else (chosen, objective)


def best_per_household(c: Compiled, pairs: Pairs, reduced: FloatArray) -> FloatArray:
    """max(0, best reduced value) per household."""
    best = np.zeros(c.n_households, dtype=np.float64)
    for s, e in _chunks(pairs.size):
        np.maximum.at(best, c.app_household[pairs.app[s:e]], reduced[s:e])
    return best


def _top_by_unit(pairs: Pairs, entering: IntArray, score: FloatArray, k: int) -> IntArray:
    units = pairs.unit[entering]
    ranked = np.lexsort((entering, -score, units))
    sorted_units = units[ranked]
    first = np.searchsorted(sorted_units, sorted_units, side="left")
    keep = ranked[np.arange(ranked.size) - first < k]
    return np.sort(entering[keep])
