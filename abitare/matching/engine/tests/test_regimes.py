"""Regimes per pathway: the graduatoria order, rank-respecting allocation (never justified envy)
and fit optimisation with its rank inversions listed; one home per household."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abitare.matching.engine import (
    FIT,
    GRADUATORIA,
    RANK_RESPECTING,
    compare,
    rank_inversions,
    solve,
    violations,
)
from abitare.matching.engine.feasibility import pair_violations
from abitare.matching.engine.generator import generate
from abitare.matching.engine.models import Application, Building, Instance, MixLimit, Rules, Unit
from abitare.matching.engine.tests.helpers import app, assignment, building, instance, unit


def _rank_key(a):
    return (-a.priority, a.id)


def _liking(unit, a):
    """Lower is better: the household's preference rank of the unit's neighbourhood."""
    prefs = a.preferred_neighbourhoods
    return prefs.index(unit.neighbourhood_id) if unit.neighbourhood_id in prefs else len(prefs)


def brute_force_envy(inst, allocation):
    """Every (household, unit) with justified envy, checked from the definition alone: a household
    ranked above the holder, unhoused or liking the unit strictly more than its own (and not housed
    through another application), which could take the unit in the holder's place with no
    constraint broken (the whole allocation re-validated)."""
    units = {u.id: u for u in inst.units}
    apps = {a.id: a for a in inst.applications}
    unit_of = {a: u for u, a in allocation.items()}
    housed_households = {apps[a].household for a in allocation.values()}
    found = []
    for a in inst.applications:
        own = unit_of.get(a.id)
        if own is None and a.household in housed_households:
            continue
        for unit_id, holder_id in allocation.items():
            holder = apps[holder_id]
            if holder_id == a.id or _rank_key(holder) <= _rank_key(a):
                continue
            unit = units[unit_id]
            if pair_violations(unit, a, inst.rules):
                continue
            if own is not None and _liking(unit, a) >= _liking(units[own], a):
                continue
            swapped = {u: h for u, h in allocation.items() if u != unit_id and h != a.id}
            swapped[unit_id] = a.id
            if not violations(inst, swapped.items()):
                found.append((a.id, unit_id))
    return found


def _with_households(inst, draw):
    """Some applications share a household (one per pathway), some households are housed."""
    apps = list(inst.applications)
    out = []
    for i, a in enumerate(apps):
        household = f"H{draw[i % len(draw)] % max(1, len(apps) // 2)}"
        housed = draw[(i + 1) % len(draw)] % 7 == 0
        transfer = housed and draw[(i + 2) % len(draw)] % 2 == 0
        out.append(replace(a, household_id=household, housed=housed, transfer=transfer))
    # One application per household and pathway, as the application model guarantees.
    seen: set[tuple[str, str]] = set()
    kept = []
    for a in out:
        if (a.household_id, a.pathway) not in seen:
            seen.add((a.household_id, a.pathway))
            kept.append(a)
    return replace(inst, applications=tuple(kept))


def _with_share(inst, share):
    """Every share limit (the generator gives the buildings sitting tenants) set to ``share``."""
    buildings = []
    for b in inst.buildings:
        if not b.limits:
            buildings.append(b)
            continue
        limits = tuple(replace(m, max_share=share) if m.max_share is not None else m for m in b.limits)
        buildings.append(replace(b, limits=limits))
    return replace(inst, buildings=tuple(buildings))


@st.composite
def dense_instances(draw):
    """One or two pathways, two or three neighbourhoods, buildings of two to four units under
    share and count limits with sitting tenants (shares with up to 7 decimals), households that
    compete for them, some sharing a household or holding a tenancy."""
    neighbourhoods = ("N1", "N2", "N3")[: draw(st.integers(2, 3))]
    pathways = ("erp", "canone_concordato")[: draw(st.integers(1, 2))]
    share = st.sampled_from([Decimal("0.25"), Decimal("0.3333333"), Decimal("0.5"), Decimal("0.4999999")])
    buildings: list[Building] = []
    units: list[Unit] = []
    for b in range(draw(st.integers(1, 3))):
        nb = draw(st.sampled_from(neighbourhoods))
        existing = draw(st.integers(0, 6))
        limits = [MixLimit("low_low", max_share=draw(share))]
        if draw(st.booleans()):
            limits.append(MixLimit("elderly", max_count=draw(st.integers(0, 2))))
        counts = (("low_low", draw(st.integers(0, existing))), ("elderly", draw(st.integers(0, existing))))
        buildings.append(Building(f"B{b}", nb, existing, counts, tuple(limits)))
        units.extend(
            unit(
                f"U{b}{k}",
                building_id=f"B{b}",
                neighbourhood_id=nb,
                pathway=draw(st.sampled_from(pathways)),
                max_occupants=draw(st.integers(2, 4)),
                usable_m2=60.0,
                step_free=draw(st.booleans()),
            )
            for k in range(draw(st.integers(1, 4)))
        )
    apps = []
    for i in range(draw(st.integers(len(units), len(units) + 6))):
        preferred = draw(st.lists(st.sampled_from(neighbourhoods), min_size=1, max_size=2, unique=True))
        housed = draw(st.integers(0, 9)) == 0
        apps.append(
            app(
                f"A{i}",
                float(draw(st.integers(1, 60))),
                pathway=draw(st.sampled_from(pathways)),
                household_size=draw(st.integers(1, 3)),
                household_id=f"H{i // 2}" if draw(st.integers(0, 4)) == 0 else f"H{i}",
                housed=housed,
                transfer=housed and draw(st.booleans()),
                needs_step_free=draw(st.integers(0, 3)) == 0,
                preferred_neighbourhoods=tuple(preferred),
                quadrant=draw(st.sampled_from(["low_low", "high_high"])),
                groups=("elderly",) if draw(st.booleans()) else (),
            )
        )
    kept: dict[tuple[str, str], Application] = {}
    for a in apps:
        kept.setdefault((a.household_id, a.pathway), a)
    apps = list(kept.values())
    rules = Rules(affordability_exempt_pathways=pathways)
    return Instance(neighbourhoods, tuple(buildings), tuple(units), tuple(apps), rules)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=dense_instances())
def test_rank_respecting_on_dense_instances_never_leaves_justified_envy(inst):
    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        result = solve(inst, regime=regime)
        allocation = assignment(result)
        households = [a.household for a in inst.applications if a.id in allocation.values()]

        assert violations(inst, allocation.items()) == []
        assert len(households) == len(set(households))
        envied = sorted(brute_force_envy(inst, allocation))
        assert sorted((i.application_id, i.unit_id) for i in rank_inversions(inst, result)) == envied
        if regime == RANK_RESPECTING:
            assert envied == []
        if result.status == "optimal":
            assert (result.gap, result.upper_bound) == (0.0, result.objective)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_apps=st.integers(1, 30),
    n_units=st.integers(1, 10),
    share=st.sampled_from([0.1, 0.3, 0.6]),
    draw=st.lists(st.integers(0, 1000), min_size=3, max_size=12),
    limit=st.sampled_from([Decimal("0.3333333"), Decimal("0.25"), Decimal("0.4999999")]),
)
def test_every_regime_keeps_every_constraint_on_generated_instances(seed, n_apps, n_units, share, draw, limit):
    base = generate(n_applications=n_apps, n_units=n_units, seed=seed, feasible_share=share, n_neighbourhoods=3)
    inst = _with_share(_with_households(base, draw), limit)

    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        result = solve(inst, regime=regime)
        allocation = assignment(result)
        households = [a.household for a in inst.applications if a.id in allocation.values()]

        assert violations(inst, allocation.items()) == []
        assert len(households) == len(set(households))
        if regime == RANK_RESPECTING:
            assert brute_force_envy(inst, allocation) == []
            assert rank_inversions(inst, result) == []
        if regime == FIT:
            envied = sorted(brute_force_envy(inst, allocation))
            assert sorted((i.application_id, i.unit_id) for i in rank_inversions(inst, result)) == envied
        if result.status == "optimal":
            assert (result.gap, result.upper_bound) == (0.0, result.objective)


def test_rank_respecting_moves_an_indifferent_household_to_make_room_for_a_need():
    # A (ranked first) fits both flats and has no preference; B needs step-free access: only U1
    # has it. The graduatoria gives A the first unit it meets; rank-respecting moves A to U2.
    units = [unit("U1", step_free=True), unit("U2", building_id="B2", neighbourhood_id="N2")]
    apps = [app("A", 90), app("B", 80, needs_step_free=True)]
    inst = instance(units, apps)

    assert assignment(solve(inst, regime=GRADUATORIA)) == {"U1": "A"}
    assert assignment(solve(inst, regime=RANK_RESPECTING)) == {"U1": "B", "U2": "A"}


def test_rank_respecting_never_trades_a_higher_household_preference_fit_lists_it():
    # A prefers U1's neighbourhood; B fits only U1. Housing both (fit) sends A elsewhere.
    units = [unit("U1", step_free=True), unit("U2", building_id="B2", neighbourhood_id="N2")]
    apps = [app("A", 90, preferred_neighbourhoods=("N1",)), app("B", 80, needs_step_free=True)]
    inst = instance(units, apps)

    ranked = solve(inst, regime=RANK_RESPECTING)
    fitted = solve(inst, regime=FIT)
    (inversion,) = rank_inversions(inst, fitted)

    assert assignment(ranked) == {"U1": "A"}
    assert (ranked.status, ranked.upper_bound, ranked.gap, ranked.lp_value) == ("ranked", None, None, None)
    assert assignment(fitted) == {"U1": "B", "U2": "A"}
    assert (inversion.application_id, inversion.unit_id, inversion.holder_id, inversion.reason) == (
        "A",
        "U1",
        "B",
        "total",
    )
    assert (inversion.weight_here, inversion.holder_weight) == (117.0, 80.0)


def test_a_household_the_share_limit_held_back_takes_its_unit_once_others_make_room():
    # Share limit 1/2 in a new building: A (low/low, ranked first) cannot enter alone. The
    # graduatoria then places B and C, and A could replace either: inversions the rank-respecting
    # regime resolves in A's favour (C, the lowest ranked, makes room).
    units = [unit("U1"), unit("U2")]
    apps = [app("A", 90, quadrant="low_low"), app("B", 80), app("C", 70)]
    buildings = [building("B1", "N1", MixLimit("low_low", max_share=Decimal("0.5")))]
    inst = instance(units, apps, buildings)

    graduatoria = solve(inst, regime=GRADUATORIA)
    inversions = rank_inversions(inst, graduatoria)
    ranked = solve(inst, regime=RANK_RESPECTING)

    assert assignment(graduatoria) == {"U1": "B", "U2": "C"}
    assert [(i.application_id, i.unit_id, i.holder_id, i.reason) for i in inversions] == [
        ("A", "U1", "B", "mix_order"),
        ("A", "U2", "C", "mix_order"),
    ]
    assert sorted(assignment(ranked).values()) == ["A", "B"]
    assert rank_inversions(inst, ranked) == []


def test_regimes_are_chosen_per_pathway_and_reported():
    units = [unit("U1"), unit("U2", pathway="canone_concordato", building_id="B2", neighbourhood_id="N2")]
    apps = [app("A", 50), app("B", 60, pathway="canone_concordato")]
    rules = Rules(affordability_exempt_pathways=("erp", "canone_concordato"), regimes=(("erp", RANK_RESPECTING),))
    inst = instance(units, apps, rules=rules)

    result = solve(inst)

    assert result.regimes == (("canone_concordato", FIT), ("erp", RANK_RESPECTING))
    assert assignment(result) == {"U1": "A", "U2": "B"}
    assert result.status == "optimal"
    assert solve(inst, regime=GRADUATORIA).regimes == (("canone_concordato", GRADUATORIA), ("erp", GRADUATORIA))


def test_the_comparison_shows_every_regime_beside_the_graduatoria_on_one_snapshot():
    inst = generate(n_applications=400, n_units=40, seed=7)
    inst = replace(inst, rules=replace(inst.rules, regimes=(("erp", RANK_RESPECTING),)))
    proposal = solve(inst)

    compared = compare(inst, proposal)

    assert list(compared.reports) == ["proposal", GRADUATORIA, RANK_RESPECTING, FIT]
    assert compared.reports[RANK_RESPECTING].rank_inversions == 0
    assert compared.reports["proposal"].violations == 0
    assert compared.inversions[FIT] == rank_inversions(inst, compared.results[FIT])
    assert all(r.violations == 0 for r in compared.reports.values())


def test_one_household_gets_one_unit_across_its_applications():
    units = [unit("U1"), unit("U2", pathway="canone_concordato", building_id="B2", neighbourhood_id="N2")]
    apps = [
        app("A1", 90, household_id="H1"),
        app("A2", 90, household_id="H1", pathway="canone_concordato"),
        app("B", 10, pathway="canone_concordato"),
    ]
    rules = Rules(affordability_exempt_pathways=("erp", "canone_concordato"))
    inst = instance(units, apps, rules=rules)

    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        got = assignment(solve(inst, regime=regime))
        assert sorted(got.values()) == ["A1", "B"]
    assert [v.constraint for v in violations(inst, [("U1", "A1"), ("U2", "A2")])] == ["household_twice"]


def test_a_household_with_a_tenancy_gets_a_unit_only_through_a_transfer_application():
    inst = instance([unit("U1")], [app("A", 90, housed=True), app("B", 10)])
    moving = instance([unit("U1")], [app("A", 90, housed=True, transfer=True), app("B", 10)])

    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        assert assignment(solve(inst, regime=regime)) == {"U1": "B"}
        assert assignment(solve(moving, regime=regime)) == {"U1": "A"}
    assert [v.constraint for v in violations(inst, [("U1", "A")])] == ["active_tenancy"]


def test_a_share_limit_with_seven_decimals_is_never_exceeded_by_a_ten_millionth():
    # Limit 0.3333333 with 2 sitting tenants, none low/low: one low/low newcomer makes 1 of 3,
    # that is 0.3333334 of a household above the limit (0.9999999): refused in every regime.
    limit = MixLimit("low_low", max_share=Decimal("0.3333333"))
    buildings = [Building("B1", "N1", 2, (("low_low", 0),), (limit,))]
    inst = instance([unit("U1")], [app("A", 90, quadrant="low_low"), app("B", 10)], buildings)
    roomier = instance(
        [unit("U1")],
        list(inst.applications),
        [Building("B1", "N1", 2, (), (MixLimit("low_low", max_share=Decimal("0.3333334")),))],
    )

    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        assert assignment(solve(inst, regime=regime)) == {"U1": "B"}
        assert assignment(solve(roomier, regime=regime)) == {"U1": "A"}
    assert [v.constraint for v in violations(inst, [("U1", "A")])] == ["mixite"]
    result = solve(inst)
    assert (result.status, result.gap, result.upper_bound) == ("optimal", 0.0, result.objective)


def test_sitting_tenants_make_room_for_a_group_in_a_building_with_one_vacancy():
    # A 30 % low/low limit: alone in an empty building a low/low household is 100 %; with 20
    # sitting tenants of whom 3 low/low it makes 4 of 21 (19 %).
    limit = MixLimit("low_low", max_share=Decimal("0.30"))
    apps = [app("A", 90, quadrant="low_low"), app("B", 10)]
    empty = instance([unit("U1")], apps, [Building("B1", "N1", 0, (), (limit,))])
    lived_in = instance([unit("U1")], apps, [Building("B1", "N1", 20, (("low_low", 3),), (limit,))])
    over = instance([unit("U1")], apps, [Building("B1", "N1", 10, (("low_low", 4),), (limit,))])

    for regime in (GRADUATORIA, RANK_RESPECTING, FIT):
        assert assignment(solve(empty, regime=regime)) == {"U1": "B"}
        assert assignment(solve(lived_in, regime=regime)) == {"U1": "A"}
        # Already over its limit (4 of 10): no low/low newcomer, whatever else comes.
        assert assignment(solve(over, regime=regime)) == {"U1": "B"}


def test_an_instance_with_only_ranked_pathways_has_no_bound():
    inst = Instance(("N1",), (Building("B1", "N1"),), (unit("U1"),), (app("A", 1),), Rules(default_regime=GRADUATORIA))
    result = solve(inst)
    assert (result.status, result.upper_bound, result.gap, result.lp_value) == ("ranked", None, None, None)
    assert result.regimes == (("erp", GRADUATORIA),)
