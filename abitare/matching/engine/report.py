"""The round report: the same figures for any allocation, so the regimes and the plain rank order
("graduatoria") can be compared line by line on one snapshot, with every rank inversion listed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from abitare.matching.engine.compiled import Compiled, compile_instance
from abitare.matching.engine.feasibility import Pairs, feasible_pairs, pair_weight
from abitare.matching.engine.models import GRADUATORIA, RANKED_REGIMES, REGIMES, Instance, Result
from abitare.matching.engine.ranked import State, envy
from abitare.matching.engine.solve import regimes_of, solve, solve_compiled
from abitare.matching.engine.validate import violations


@dataclass(frozen=True)
class Inversion:
    """A household ranked above the one that got ``unit_id``, unhoused or placed in a unit it likes
    less, that could have had ``unit_id`` in its place without breaking any constraint.

    ``reason``: ``preference_fit`` (the holder asked for the unit's neighbourhood: its weight there
    is higher), ``total`` (the exchange would lower the total priority-weighted fit: the optimiser
    houses more priority elsewhere this way), ``mix_order`` (a ranked regime: when its turn came the
    building's mix limit had no room for it; households placed after it made room).
    """

    application_id: str
    unit_id: str
    holder_id: str
    reason: str
    weight_here: float
    holder_weight: float


@dataclass(frozen=True)
class AllocationReport:
    households_housed: int
    priority_weighted_total: float
    """The objective: sum of priority x (1 + preference bonus) over the proposals."""
    priority_total: float
    """Priority housed: the sum of the priority scores of the households housed."""
    accessibility_needs: int
    """Needs met: housed households that need step-free access or a wheelchair-accessible unit."""
    preferences_met: int
    """Housed households placed in one of their preferred neighbourhoods."""
    first_preference_met: int
    violations: int
    mixite_respected: bool
    rank_inversions: int = 0
    """Households with justified envy (see ``Inversion``)."""


def rank_order_allocation(instance: Instance) -> Result:
    """The graduatoria on ``instance`` (every pathway in rank order), shaped as a ``Result``."""
    return solve(instance, regime=GRADUATORIA)


def allocation_report(instance: Instance, result: Result, *, inversions: int | None = None) -> AllocationReport:
    """The figures of ``result`` (``inversions``: the count if already known, else computed)."""
    apps = {a.id: a for a in instance.applications}
    units = {u.id: u for u in instance.units}
    pairs = [(p.unit_id, p.application_id) for p in result.proposals]
    found = violations(instance, pairs)
    housed = [(units[u], apps[a]) for u, a in pairs]
    if inversions is None:
        inversions = len({i.application_id for i in rank_inversions(instance, result)})
    return AllocationReport(
        households_housed=len(housed),
        priority_weighted_total=sum(pair_weight(u, a, instance.rules) for u, a in housed),
        priority_total=sum(a.priority for _, a in housed),
        accessibility_needs=sum(a.needs_step_free or a.needs_wheelchair for _, a in housed),
        preferences_met=sum(u.neighbourhood_id in a.preferred_neighbourhoods for u, a in housed),
        first_preference_met=sum(a.preferred_neighbourhoods[:1] == (u.neighbourhood_id,) for u, a in housed),
        violations=len(found),
        mixite_respected=not any(v.constraint == "mixite" for v in found),
        rank_inversions=inversions,
    )


def rank_inversions(
    instance: Instance, result: Result, *, compiled: tuple[Compiled, Pairs] | None = None
) -> list[Inversion]:
    """Every justified envy of ``result``: for each household concerned, each unit it could have
    had in place of a lower-ranked household, with the reason (highest-ranked household first)."""
    c, pairs = compiled or _compiled(instance)
    state = _state(c, ((p.unit_id, p.application_id) for p in result.proposals))
    regimes = dict(result.regimes) or regimes_of(c, None)
    out = []
    for e in sorted(envy(c, pairs, state), key=lambda e: (c.app_rank[e.app], e.unit)):
        unit, app, holder = c.units[e.unit], c.apps[e.app], c.apps[e.holder]
        here = pair_weight(unit, app, instance.rules)
        theirs = pair_weight(unit, holder, instance.rules)
        if regimes.get(unit.pathway) in RANKED_REGIMES:
            reason = "mix_order"
        elif theirs > here:
            reason = "preference_fit"
        else:
            reason = "total"
        out.append(Inversion(app.id, unit.id, holder.id, reason, here, theirs))
    return out


@dataclass(frozen=True)
class Comparison:
    """The proposal and each regime on the same snapshot: results, reports and inversions."""

    results: dict[str, Result]
    reports: dict[str, AllocationReport]
    inversions: dict[str, list[Inversion]]


def compare(instance: Instance, result: Result, *, time_limit: float = 300.0) -> Comparison:
    """``result`` (the proposal) beside the plain graduatoria and every regime its pathways use,
    each applied to every pathway of the same snapshot (one compilation for all)."""
    c = compile_instance(instance)
    pairs = feasible_pairs(c, top_k=40)
    wanted = [GRADUATORIA, *sorted({r for _, r in result.regimes} - {GRADUATORIA}, key=REGIMES.index)]
    results = {"proposal": result}
    for regime in wanted:
        same = {r for _, r in result.regimes} == {regime}
        results[regime] = result if same else solve_compiled(c, pairs, regime=regime, time_limit=time_limit)
    inversions = {name: rank_inversions(instance, r, compiled=(c, pairs)) for name, r in results.items()}
    reports = {
        name: allocation_report(instance, r, inversions=len({i.application_id for i in inversions[name]}))
        for name, r in results.items()
    }
    return Comparison(results, reports, inversions)


def _compiled(instance: Instance) -> tuple[Compiled, Pairs]:
    c = compile_instance(instance)
    return c, feasible_pairs(c, top_k=1)


def _state(c: Compiled, assignment: Iterable[tuple[str, str]]) -> State:
    units, apps = c.unit_index(), c.app_index()
    state = State.empty(c)
    for unit_id, app_id in assignment:
        state.add(units[unit_id], apps[app_id])
    return state
