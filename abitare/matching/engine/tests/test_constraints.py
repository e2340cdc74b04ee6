"""Each hard constraint (docs/modules/matching-engine.md) binds: the household of higher priority that fails it
does not get the unit, the other one does, and the validator agrees."""

from decimal import Decimal

import pytest

from abitare.matching.engine import solve, violations
from abitare.matching.engine.models import MixLimit, Rules
from abitare.matching.engine.tests.helpers import app, assignment, building, instance, unit


def _check(inst, expected):
    result = solve(inst)
    got = assignment(result)
    assert got == expected
    assert violations(inst, got.items()) == []
    assert result.status == "optimal"
    return result


@pytest.mark.parametrize(
    ("blocked", "constraint"),
    [
        (app("A", 90, pathway="canone_concordato"), "pathway"),
        (app("A", 90, household_size=4), "occupants"),
        (app("A", 90, needs_step_free=True), "step_free"),
        (app("A", 90, needs_wheelchair=True), "wheelchair"),
        (app("A", 90, wants_group_living=True), "group_living"),
        (app("A", 90, excluded_neighbourhoods=("N1",)), "excluded_neighbourhood"),
    ],
)
def test_a_pair_constraint_keeps_the_higher_priority_household_out(blocked, constraint):
    inst = instance([unit("U1")], [blocked, app("B", 10)])

    _check(inst, {"U1": "B"})
    assert [v.constraint for v in violations(inst, [("U1", "A")])] == [constraint]


def test_floor_area_needs_14_m2_for_each_of_the_first_four_and_10_after():
    rules = Rules()
    assert [rules.min_area(n) for n in (1, 2, 4, 5, 6)] == [14, 28, 56, 66, 76]
    units = [unit("U1", max_occupants=6, usable_m2=75.9), unit("U2", max_occupants=6, usable_m2=76.0)]
    inst = instance(units, [app("A", 90, household_size=6), app("B", 10, household_size=1)])

    _check(inst, {"U2": "A", "U1": "B"})
    assert [v.constraint for v in violations(inst, [("U1", "A")])] == ["floor_area"]


def test_group_living_is_capped_at_five_whatever_the_flat_allows():
    units = [unit("U1", group_living=True, max_occupants=8, usable_m2=140.0, pathway="dopo_di_noi")]
    group = {"pathway": "dopo_di_noi", "wants_group_living": True}
    inst = instance(units, [app("A", 90, household_size=6, **group), app("B", 10, household_size=5, **group)])

    _check(inst, {"U1": "B"})
    capped = Rules(affordability_exempt_pathways=("erp",), group_living_cap=6)
    assert assignment(solve(instance(units, list(inst.applications), rules=capped))) == {"U1": "A"}


def test_affordability_allows_exactly_thirty_percent_and_not_a_cent_more():
    units = [unit("U1", pathway="canone_concordato", monthly_cost=60_000)]
    apps = [
        app("A", 90, pathway="canone_concordato", monthly_income=199_999),
        app("B", 10, pathway="canone_concordato", monthly_income=200_000),
    ]
    _check(instance(units, apps), {"U1": "B"})


def test_affordability_does_not_apply_to_exempt_pathways():
    inst = instance([unit("U1", monthly_cost=60_000)], [app("A", 90, monthly_income=10_000)])
    _check(inst, {"U1": "A"})
    strict = Rules(affordability_share=Decimal("0.30"))
    assert assignment(solve(instance(list(inst.units), list(inst.applications), rules=strict))) == {}


def test_mixite_count_limit_binds():
    units = [unit("U1"), unit("U2")]
    apps = [app("A", 90, groups=("neet",)), app("B", 80, groups=("neet",)), app("C", 10)]
    buildings = [building("B1", "N1", MixLimit("neet", max_count=1))]

    result = _check(instance(units, apps, buildings), {"U1": "A", "U2": "C"})
    assert violations(instance(units, apps, buildings), [("U1", "A"), ("U2", "B")])[0].constraint == "mixite"
    assert "mixite:neet" in result.proposals[0].at_limit


def test_mixite_share_limit_counts_existing_households():
    units = [unit("U1"), unit("U2")]
    apps = [app("A", 90, quadrant="low_low"), app("B", 80, quadrant="low_low"), app("C", 10, quadrant="high_high")]
    limit = MixLimit("low_low", max_share=0.3)
    # 10 households live there, 2 low_low: two more would make 4/12 > 0.3; one more 3/12.
    buildings = [building("B1", "N1", limit, existing=10, counts=[("low_low", 2)])]
    inst = instance(units, apps, buildings)

    housed = assignment(solve(inst))
    assert sorted(housed.values()) == ["A", "C"]
    assert violations(inst, housed.items()) == []
    assert [v.constraint for v in violations(inst, [("U1", "A"), ("U2", "B")])] == ["mixite"]


def test_a_unit_and_a_household_are_used_once():
    inst = instance([unit("U1"), unit("U2")], [app("A", 90)])
    result = solve(inst)
    assert len(result.proposals) == 1
    assert [v.constraint for v in violations(inst, [("U1", "A"), ("U2", "A")])] == ["household_twice"]
