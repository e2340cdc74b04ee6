"""The round's allocation under each pathway's regime (docs/adr/0008).

1. ``feasible_pairs`` keeps the pairs that pass constraints 1-5, each with its weight.
2. The pathways whose regime is ranked (graduatoria, rank respecting) are allocated first, in one
   pass in rank order (``ranked``); the rank-respecting ones are then made free of justified envy.
3. The fit pathways share what is left (units, households not placed, the room left in every mix
   row): ``optimise`` maximises the priority-weighted fit with a proven upper bound.
4. The answer is checked in exact arithmetic (``mix.MixState``) before it is returned.
"""

from __future__ import annotations

import time

import numpy as np

from abitare.matching.engine import fit
from abitare.matching.engine.auction import optimise_large
from abitare.matching.engine.compiled import Compiled, IntArray, compile_instance
from abitare.matching.engine.explain import proposals_from
from abitare.matching.engine.feasibility import Pairs, feasible_pairs, subset, unit_table
from abitare.matching.engine.models import FIT, RANK_RESPECTING, RANKED_REGIMES, REGIMES, Instance, Result
from abitare.matching.engine.ranked import State, ranked_allocation, respect_rank

LARGE_PAIRS = 4_000_000
"""From this many feasible pairs column generation is seeded by an auction (``auction``): started
from each unit's heaviest pairs it needs too many rounds of large linear programs."""


def regimes_of(c: Compiled, regime: str | None) -> dict[str, str]:
    """Each pathway's regime: ``regime`` for all of them when given, else the territory's."""
    if regime is not None and regime not in REGIMES:
        raise ValueError(f"unknown regime {regime}")
    rules = c.instance.rules
    return {p: regime or rules.regime(p) for p in c.pathways}


def solve(instance: Instance, *, regime: str | None = None, top_k: int = 40, time_limit: float = 300.0) -> Result:
    """Propose the allocation of ``instance`` under each pathway's regime (``regime``: the same one
    for every pathway, e.g. to compare regimes on one snapshot).

    ``time_limit`` (seconds) caps the optimiser of the fit pathways; when it is reached the best
    allocation found is returned with its proven bound and gap, and ``method`` says so."""
    c = compile_instance(instance)
    pairs = feasible_pairs(c, top_k=top_k)
    return solve_compiled(c, pairs, regime=regime, top_k=top_k, time_limit=time_limit)


def solve_compiled(
    c: Compiled, pairs: Pairs, *, regime: str | None = None, top_k: int = 40, time_limit: float = 300.0
) -> Result:
    deadline = time.monotonic() + time_limit
    regimes = regimes_of(c, regime)
    used = tuple(sorted((p, r) for p, r in regimes.items()))
    if pairs.size == 0:
        return Result((), 0.0, 0.0, 0.0, "empty", 0.0, 0, 0, 0, "none", used)
    of_app = [regimes[c.pathways[p]] for p in c.app_path.tolist()]
    state = State.empty(c)
    ranked = any(r in RANKED_REGIMES for r in of_app)
    methods = []
    if ranked:
        table = unit_table(c)
        ranked_allocation(c, table, of_app, state)
        respecting = np.array([r == RANK_RESPECTING for r in of_app], dtype=np.bool_)
        if respecting.any():
            respect_rank(c, pairs, table, state, respecting)
        methods.append("rank order" if not respecting.any() else "rank-respecting order")
    fit_apps = np.array([r == FIT for r in of_app], dtype=np.bool_)
    placed = state.assignment()
    ranked_value = _value(c, placed)
    if not fit_apps.any():
        return Result(
            proposals_from(c, placed), ranked_value, None, None, "ranked", None, pairs.size, 0, 0, methods[0], used
        )
    open_pairs = pairs
    if ranked:
        keep = fit_apps[pairs.app] & (state.holder[pairs.unit] < 0)
        keep &= state.household_app[c.app_household[pairs.app]] < 0
        open_pairs = subset(pairs, keep)
    load = np.array(state.mix.load, dtype=np.int64)
    left = max(0.0, deadline - time.monotonic())
    if open_pairs.size >= LARGE_PAIRS:
        found = optimise_large(c, open_pairs, load, time_limit=left)
    else:
        found = fit.optimise(c, open_pairs, load, top_k=top_k, time_limit=left)
    for unit, app in found.assignment:
        if state.holder[unit] >= 0 or state.household_app[c.app_household[app]] >= 0:  # pragma: no cover
            raise AssertionError(f"unit {unit} or the household of application {app} placed twice")
        state.add(unit, app)
    broken = state.mix.broken()
    if broken:  # pragma: no cover - the optimisers repair in exact arithmetic before returning
        raise AssertionError(f"mix rows over their limit: {broken}")
    final = state.assignment()
    objective = _value(c, final)
    proven = found.proven
    bound = objective if proven else max(ranked_value + found.bound, objective)
    gap = 0.0 if proven else (bound - objective) / bound if bound > 0 else 0.0
    methods.append(found.method)
    return Result(
        proposals=proposals_from(c, final),
        objective=objective,
        upper_bound=bound,
        gap=gap,
        status="optimal" if proven else "feasible",
        lp_value=None if found.lp_value is None else ranked_value + found.lp_value,
        feasible_pairs=pairs.size,
        columns=found.columns,
        rounds=found.rounds,
        method="; ".join(methods),
        regimes=used,
    )


def _value(c: Compiled, assignment: list[tuple[int, int]]) -> float:
    if not assignment:
        return 0.0
    units = np.array([u for u, _ in assignment], dtype=np.int64)
    apps = np.array([a for _, a in assignment], dtype=np.int64)
    return float(pair_weights(c, units, apps).sum())


def pair_weights(c: Compiled, units: IntArray, apps: IntArray) -> np.ndarray:
    return c.app_priority[apps] * (1.0 + c.bonus_table[c.pref_rank[c.unit_nb[units], apps]])
