"""The optimiser against the rank order, its bound, its determinism."""

import itertools
import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abitare.matching.engine import rank_order_allocation, solve, violations
from abitare.matching.engine.compiled import InvalidInstance, compile_instance
from abitare.matching.engine.feasibility import feasible_pairs, pair_violations, pair_weight
from abitare.matching.engine.fit import repair
from abitare.matching.engine.generator import generate
from abitare.matching.engine.tests.helpers import app, assignment, building, instance, unit


def test_matching_beats_the_rank_order_where_the_first_household_takes_the_only_flat_for_the_second():
    # A fits both flats and prefers U1's neighbourhood; B needs step-free access: only U1 has it.
    units = [unit("U1", step_free=True), unit("U2", building_id="B2", neighbourhood_id="N2")]
    apps = [app("A", 90, preferred_neighbourhoods=("N1",)), app("B", 80, needs_step_free=True)]
    inst = instance(units, apps)

    baseline = rank_order_allocation(inst)
    result = solve(inst)

    assert assignment(baseline) == {"U1": "A"}
    assert assignment(result) == {"U1": "B", "U2": "A"}
    assert result.objective == 170.0
    assert result.upper_bound == 170.0
    assert result.gap == 0.0
    assert result.status == "optimal"
    assert result.lp_value == 170.0


def test_preference_bonus_is_part_of_the_weight():
    units = [unit("U1"), unit("U2", building_id="B2", neighbourhood_id="N2")]
    inst = instance(units, [app("A", 50, preferred_neighbourhoods=("N2", "N1"))])

    result = solve(inst)

    (proposal,) = result.proposals
    assert (proposal.unit_id, proposal.preference_rank, proposal.preference_bonus) == ("U2", 0, 0.3)
    assert proposal.weight == 65.0


def test_same_input_same_output_whatever_the_order_of_the_lists():
    inst = generate(n_applications=400, n_units=40, seed=7)
    shuffled = list(inst.applications)
    random.Random(1).shuffle(shuffled)

    first = solve(inst)
    again = solve(inst)
    reordered = solve(replace(inst, applications=tuple(shuffled), units=tuple(reversed(inst.units))))

    assert first == again
    assert first.proposals == reordered.proposals
    assert first.objective == reordered.objective


def test_an_instance_where_nobody_fits_says_so():
    result = solve(instance([unit("U1")], [app("A", 90, pathway="other")]))
    assert (result.status, result.proposals, result.objective) == ("empty", (), 0.0)


def _brute_force(inst):
    units = [u.id for u in inst.units]
    best = 0.0
    options = [None, *inst.applications]
    by_id = {u.id: u for u in inst.units}
    for combo in itertools.product(options, repeat=len(units)):
        chosen = [(u, a) for u, a in zip(units, combo, strict=True) if a is not None]
        ids = [a.id for _, a in chosen]
        if len(set(ids)) < len(ids):
            continue
        pairs = [(u, a.id) for u, a in chosen]
        if any(pair_violations(by_id[u], a, inst.rules) for u, a in chosen) or violations(inst, pairs):
            continue
        best = max(best, sum(pair_weight(by_id[u], a, inst.rules) for u, a in chosen))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_apps=st.integers(1, 40),
    n_units=st.integers(1, 12),
    share=st.sampled_from([0.05, 0.1, 0.3, 0.6]),
)
def test_proposals_never_break_a_hard_constraint_and_never_lose_to_the_rank_order(seed, n_apps, n_units, share):
    inst = generate(n_applications=n_apps, n_units=n_units, seed=seed, feasible_share=share, n_neighbourhoods=4)

    result = solve(inst)
    baseline = rank_order_allocation(inst)

    assert violations(inst, assignment(result).items()) == []
    assert violations(inst, assignment(baseline).items()) == []
    assert result.objective >= baseline.objective - 1e-9
    assert result.upper_bound is not None
    assert result.upper_bound >= result.objective - 1e-9
    assert result.status in {"optimal", "empty"}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n_apps=st.integers(1, 5), n_units=st.integers(1, 3))
def test_the_optimum_is_the_brute_force_optimum_on_tiny_instances(seed, n_apps, n_units):
    inst = generate(n_applications=n_apps, n_units=n_units, seed=seed, feasible_share=0.6, n_neighbourhoods=3)

    result = solve(inst)

    assert abs(result.objective - _brute_force(inst)) <= 1e-6


def test_a_time_limit_still_gives_a_valid_allocation_and_a_valid_bound():
    inst = generate(n_applications=3000, n_units=200, seed=4)
    exact = solve(inst)

    hurried = solve(inst, top_k=2, time_limit=0.0)

    assert "time limit" in hurried.method or hurried.status == "optimal"
    if "time limit" in hurried.method:
        assert hurried.lp_value is None
    assert violations(inst, assignment(hurried).items()) == []
    assert hurried.objective <= exact.objective + 1e-6
    assert hurried.upper_bound is not None
    assert exact.upper_bound is not None
    assert hurried.upper_bound >= exact.objective - 1e-6
    assert exact.upper_bound >= exact.objective


def test_an_inconsistent_instance_is_refused_before_solving():
    moved = unit("U1", neighbourhood_id="N2")
    with pytest.raises(InvalidInstance, match="unit U1: building B1 unknown or in another neighbourhood"):
        solve(instance([moved], [app("A", 1)], [building("B1", "N1")]))
    with pytest.raises(InvalidInstance, match="application A is listed twice"):
        solve(instance([unit("U1")], [app("A", 1), app("A", 2)]))
    with pytest.raises(InvalidInstance, match="unknown neighbourhood N9"):
        solve(instance([unit("U1")], [app("A", 1, excluded_neighbourhoods=("N9",))]))


def test_the_repair_keeps_one_unit_per_household_from_a_relaxation_at_one_half():

    inst = instance([unit("U1"), unit("U2")], [app("A", 90), app("B", 10)])
    c = compile_instance(inst)
    pairs = feasible_pairs(c, top_k=5)
    a_pairs = np.flatnonzero(pairs.app == c.app_index()["A"])

    kept, changed = repair(c, pairs, a_pairs, np.zeros(len(c.rows), dtype=np.int64))

    assert changed
    assert sorted(c.apps[a].id for _, a in kept) == ["A", "B"]
