"""The round report: the same figures for any allocation, so the optimiser and the rank order
("graduatoria") can be compared line by line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abitare.matching.engine.baseline import rank_order
from abitare.matching.engine.compiled import compile_instance
from abitare.matching.engine.explain import proposals_from
from abitare.matching.engine.feasibility import feasible_pairs, pair_weight
from abitare.matching.engine.models import Instance, Result
from abitare.matching.engine.validate import violations


@dataclass(frozen=True)
class AllocationReport:
    households_housed: int
    priority_weighted_total: float
    """The objective: sum of priority x (1 + preference bonus) over the proposals."""
    priority_total: float
    accessibility_needs: int
    """Housed households that need step-free access or a wheelchair-accessible unit (always met)."""
    preferences_met: int
    """Housed households placed in one of their preferred neighbourhoods."""
    first_preference_met: int
    violations: int
    mixite_respected: bool


def rank_order_allocation(instance: Instance) -> Result:
    """The graduatoria on ``instance``, shaped as a ``Result`` (no bound: it is not an optimiser)."""
    c = compile_instance(instance)
    pairs = feasible_pairs(c, top_k=1)
    chosen = rank_order(c, pairs) if pairs.size else np.zeros(0, dtype=np.int64)
    value = float(pairs.weight[chosen].sum())
    nan = float("nan")
    return Result(proposals_from(c, pairs, chosen), value, nan, nan, "heuristic", 0.0, pairs.size, 0, 0, "rank order")


def allocation_report(instance: Instance, result: Result) -> AllocationReport:
    apps = {a.id: a for a in instance.applications}
    units = {u.id: u for u in instance.units}
    pairs = [(p.unit_id, p.application_id) for p in result.proposals]
    found = violations(instance, pairs)
    housed = [(units[u], apps[a]) for u, a in pairs]
    return AllocationReport(
        households_housed=len(housed),
        priority_weighted_total=sum(pair_weight(u, a, instance.rules) for u, a in housed),
        priority_total=sum(a.priority for _, a in housed),
        accessibility_needs=sum(a.needs_step_free or a.needs_wheelchair for _, a in housed),
        preferences_met=sum(u.neighbourhood_id in a.preferred_neighbourhoods for u, a in housed),
        first_preference_met=sum(a.preferred_neighbourhoods[:1] == (u.neighbourhood_id,) for u, a in housed),
        violations=len(found),
        mixite_respected=not any(v.constraint == "mixite" for v in found),
    )
