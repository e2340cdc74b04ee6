"""The optimiser: column generation on the linear relaxation, then the integer problem on the
generated columns, with a proven upper bound over every feasible pair.

1. ``feasible_pairs`` keeps the pairs that pass constraints 1-5, each with its weight.
2. The restricted problem starts from each unit's ``top_k`` heaviest pairs plus the pairs of the
   rank-order allocation (so the answer can never be worse than the graduatoria).
3. GLOP solves its relaxation; with its duals (unit prices, mixité multipliers) every pair is
   priced; pairs with a positive reduced cost join (each unit's ``top_k`` best) until none is left.
4. With unit prices ``pi >= 0`` and multipliers ``lam >= 0``, setting each application's dual to
   its best reduced pair value (or 0) gives a feasible dual of the full relaxation, so
   ``sum(pi) + sum(app duals) + lam . rhs`` is an upper bound on any allocation: it is reported as
   ``upper_bound`` whatever happened before.
5. HiGHS (one thread, fixed seed) solves the integer problem over the generated columns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from abitare.matching.engine.baseline import by_application, rank_order
from abitare.matching.engine.compiled import Compiled, FloatArray, IntArray, compile_instance
from abitare.matching.engine.explain import proposals_from
from abitare.matching.engine.feasibility import Pairs, feasible_pairs
from abitare.matching.engine.lp import Solution, solve_restricted
from abitare.matching.engine.models import Instance, Result

OPTIMAL_GAP = 1e-9
CG_TOLERANCE = 1e-4
"""Column generation stops when the relaxation is within 0.01 % of the proven bound."""
PRICE_TOLERANCE = 1e-7
MAX_ROUNDS = 60
SUPPORT_EPS = 1e-9
MAX_FINAL_COLUMNS = 20_000
CHUNK = 1 << 23


def solve(instance: Instance, *, top_k: int = 40, time_limit: float = 300.0) -> Result:
    """Propose the allocation that maximises the total priority-weighted fit.

    ``time_limit`` (seconds) caps the solver phases; when it is reached the best allocation found
    is returned with its proven bound and gap, and ``method`` says so."""
    c = compile_instance(instance)
    pairs = feasible_pairs(c, top_k=top_k)
    return solve_compiled(c, pairs, top_k=top_k, time_limit=time_limit)


def solve_compiled(c: Compiled, pairs: Pairs, *, top_k: int, time_limit: float = 300.0) -> Result:
    deadline = time.monotonic() + time_limit
    if pairs.size == 0:
        return Result((), 0.0, 0.0, 0.0, "empty", 0.0, 0, 0, 0, "none")
    order, starts = by_application(pairs)
    baseline = rank_order(c, pairs, by_app=(order, starts))
    reduced = np.empty(pairs.size, dtype=np.float64)
    cg = _column_generation(c, pairs, baseline, (order, starts), reduced, deadline=deadline, top_k=top_k)
    bound, timed_out = cg.bound, cg.timed_out
    chosen, objective = baseline, float(pairs.weight[baseline].sum())
    chosen, objective = _better(c, pairs, cg.support, _left(deadline), chosen, objective)
    # Reduced-cost fixing: with a feasible dual of value ``bound``, a pair whose slack exceeds
    # bound - objective belongs to no allocation better than the incumbent.
    unit_duals, row_duals, best = cg.duals
    if timed_out:
        # The relaxation's duals may be far from optimal: price the units from the allocation.
        prices = _allocation_prices(c, pairs, chosen, row_duals, reduced, order, starts)
        if prices[0] < bound:
            bound, unit_duals, best = prices
    _reduced(c, pairs, unit_duals, row_duals, out=reduced)
    alive = _alive(pairs, reduced, best, bound - objective + OPTIMAL_GAP * max(bound, 1.0))
    del reduced
    proven = False
    if alive.size <= MAX_FINAL_COLUMNS and time.monotonic() < deadline:
        final = solve_restricted(c, pairs, np.union1d(alive, chosen), integer=True, time_limit=_left(deadline))
        chosen, objective = _better(c, pairs, np.union1d(alive, chosen), 0.0, chosen, objective, final)
        proven = final.status == "optimal"
    bound = max(bound, objective)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    status = "optimal" if proven or gap <= OPTIMAL_GAP else "feasible"
    return Result(
        proposals=proposals_from(c, pairs, chosen),
        objective=objective,
        upper_bound=bound,
        gap=gap,
        status=status,
        lp_value=cg.lp_value,
        feasible_pairs=pairs.size,
        columns=cg.columns,
        rounds=cg.rounds,
        method=_method(proven=proven, timed_out=timed_out or time.monotonic() > deadline),
    )


@dataclass(frozen=True)
class _Relaxation:
    bound: float
    duals: tuple[FloatArray, FloatArray, FloatArray]
    """Unit prices, mixité multipliers and household duals of the best bound."""
    support: IntArray
    lp_value: float
    columns: int
    rounds: int
    timed_out: bool


def _column_generation(
    c: Compiled,
    pairs: Pairs,
    baseline: IntArray,
    by_app: tuple[IntArray, IntArray],
    reduced: FloatArray,
    *,
    deadline: float,
    top_k: int,
) -> _Relaxation:
    order, starts = by_app
    columns = np.union1d(pairs.candidates, baseline)
    rhs = np.array([row.rhs for row in c.rows], dtype=np.float64)
    bound = np.inf
    best_duals = (np.zeros(c.n_units), np.zeros(len(c.rows)), np.zeros(c.n_apps))
    lp_value = 0.0
    rounds = 0
    support = baseline
    timed_out = False
    while rounds < MAX_ROUNDS:
        rounds += 1
        lp_start = time.monotonic()
        lp = solve_restricted(c, pairs, columns, integer=False, time_limit=_left(deadline))
        lp_seconds = time.monotonic() - lp_start
        lp_value = lp.objective
        _reduced(c, pairs, lp.unit_duals, lp.row_duals, out=reduced)
        best = _best_per_app(reduced, order, starts, c.n_apps)
        dual_value = float(lp.unit_duals.sum() + best.sum() + lp.row_duals @ rhs)
        if dual_value < bound:
            bound, best_duals = dual_value, (lp.unit_duals, lp.row_duals, best)
            support = np.union1d(columns[lp.values > SUPPORT_EPS], baseline)
        entering, priced = _entering(pairs, reduced, lp.app_duals)
        entering_new = ~np.isin(entering, columns, assume_unique=True)
        entering, priced = entering[entering_new], priced[entering_new]
        if entering.size == 0 or bound - lp_value <= CG_TOLERANCE * max(bound, 1.0):
            break
        if time.monotonic() + lp_seconds > deadline:
            # The next round would not finish in time (it is at least as large as this one).
            timed_out = True
            break
        columns = np.union1d(columns, _top_by_unit(pairs, entering, priced, top_k))
    return _Relaxation(bound, best_duals, support, lp_value, int(columns.size), rounds, timed_out)


def _allocation_prices(
    c: Compiled,
    pairs: Pairs,
    chosen: IntArray,
    row_duals: FloatArray,
    buffer: FloatArray,
    order: IntArray,
    starts: IntArray,
) -> tuple[float, FloatArray, FloatArray]:
    """A second feasible dual, built from an allocation: each unit is priced at the best
    (Lagrangian) weight of the households the allocation leaves unhoused, each household's dual is
    its best gain at those prices. Any prices give a valid bound; these are close when the
    allocation is good even if the relaxation's duals are not. Returns (bound, prices, duals)."""
    _reduced(c, pairs, np.zeros(c.n_units), row_duals, out=buffer)
    own = np.full(c.n_apps, -1, dtype=np.int64)
    own[pairs.app[chosen]] = chosen
    housed = own[pairs.app] >= 0
    free = np.where(housed, -np.inf, buffer)
    prices = np.zeros(c.n_units)
    _segment_max(free, pairs, out=prices)
    for s, e in _chunks(pairs.size):
        buffer[s:e] -= prices[pairs.unit[s:e]]
    best = _best_per_app(buffer, order, starts, c.n_apps)
    rhs = np.array([row.rhs for row in c.rows], dtype=np.float64)
    return float(prices.sum() + best.sum() + row_duals @ rhs), prices, best


def _segment_max(values: FloatArray, pairs: Pairs, *, out: FloatArray) -> None:
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


def _reduced(c: Compiled, pairs: Pairs, unit_duals: FloatArray, row_duals: FloatArray, *, out: FloatArray) -> None:
    """w - pi[unit] - lam . mixité coefficients, for every pair, into ``out`` (chunked: no big temporaries)."""
    for s, e in _chunks(pairs.size):
        np.subtract(pairs.weight[s:e], unit_duals[pairs.unit[s:e]], out=out[s:e])
    active = np.flatnonzero(row_duals > 0)
    for building in np.unique([c.rows[int(r)].building for r in active]).tolist():
        units = np.flatnonzero(c.unit_building == building)
        idx = np.concatenate([np.arange(pairs.start[u], pairs.start[u] + pairs.count[u]) for u in units.tolist()])
        for r in c.building_rows[building]:
            if row_duals[r] > 0 and idx.size:
                member = c.row_member[r, pairs.app[idx]].astype(np.float64)
                out[idx] -= row_duals[r] * (member - c.rows[r].share)


def _entering(pairs: Pairs, reduced: FloatArray, app_duals: FloatArray) -> tuple[IntArray, FloatArray]:
    """Pairs with a positive reduced cost against the restricted problem's duals, and that cost."""
    found: list[IntArray] = []
    values: list[FloatArray] = []
    for s, e in _chunks(pairs.size):
        priced = reduced[s:e] - app_duals[pairs.app[s:e]]
        hit = np.flatnonzero(priced > PRICE_TOLERANCE * (1.0 + pairs.weight[s:e]))
        found.append(hit + s)
        values.append(priced[hit])
    return np.concatenate(found), np.concatenate(values)


def _alive(pairs: Pairs, reduced: FloatArray, best: FloatArray, room: float) -> IntArray:
    """Pairs whose slack in the dual (best[app] - reduced) is at most ``room``."""
    found = []
    for s, e in _chunks(pairs.size):
        found.append(np.flatnonzero(best[pairs.app[s:e]] - reduced[s:e] <= room) + s)
    return np.concatenate(found)


def _better(
    c: Compiled,
    pairs: Pairs,
    columns: IntArray,
    time_limit: float,
    chosen: IntArray,
    objective: float,
    solution: Solution | None = None,
) -> tuple[IntArray, float]:
    """The MIP's answer over ``columns`` if it beats the incumbent, else the incumbent."""
    if solution is None:
        solution = solve_restricted(c, pairs, columns, integer=True, time_limit=time_limit)
    if solution.status == "none":
        return chosen, objective
    picked = columns[solution.values > 0.5]
    value = float(pairs.weight[picked].sum())
    return (picked, value) if value > objective else (chosen, objective)


def _best_per_app(reduced: FloatArray, order: IntArray, starts: IntArray, n_apps: int) -> FloatArray:
    """max(0, best reduced value) per application."""
    best = np.zeros(n_apps, dtype=np.float64)
    n = min(n_apps, starts.size - 1)
    first = 0
    while first < n:
        last = min(n, int(np.searchsorted(starts, starts[first] + CHUNK, side="right")) - 1)
        last = max(last, first + 1)
        nonempty = first + np.flatnonzero(np.diff(starts[first : last + 1]) > 0)
        if nonempty.size:
            values = reduced[order[starts[first] : starts[last]]]
            best[nonempty] = np.maximum.reduceat(values, starts[nonempty] - starts[first])
        first = last
    return np.maximum(best, 0.0)


def _top_by_unit(pairs: Pairs, entering: IntArray, score: FloatArray, k: int) -> IntArray:
    units = pairs.unit[entering]
    ranked = np.lexsort((entering, -score, units))
    sorted_units = units[ranked]
    first = np.searchsorted(sorted_units, sorted_units, side="left")
    keep = ranked[np.arange(ranked.size) - first < k]
    return np.sort(entering[keep])
