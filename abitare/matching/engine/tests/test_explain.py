"""Why each household of higher priority did not get a unit, on a hand-built example."""

from abitare.matching.engine import explain_unit, solve
from abitare.matching.engine.models import MixLimit, Rules
from abitare.matching.engine.tests.helpers import app, assignment, building, instance, unit


def test_explain_unit_names_the_reason_of_each_household_ahead():
    # U1 (N1, building B1 takes no NEET household) goes to F: it prefers N1, so F's 60 x 1.3 = 78
    # beats E's 70 there. Ahead of F: A needs a wheelchair, B is better off in U2 (its first
    # choice), C cannot enter B1 (and excluded N2), E weighs less than F in U1. U3 is for
    # another pathway: it stays vacant.
    units = [
        unit("U1"),
        unit("U2", building_id="B2", neighbourhood_id="N2"),
        unit("U3", building_id="B3", neighbourhood_id="N3", pathway="transitorio"),
    ]
    apps = [
        app("A", 100, needs_wheelchair=True),
        app("B", 95, preferred_neighbourhoods=("N2",)),
        app("C", 90, groups=("neet",), excluded_neighbourhoods=("N2",)),
        app("E", 70),
        app("F", 60, preferred_neighbourhoods=("N1",)),
    ]
    buildings = [building("B1", "N1", MixLimit("neet", max_count=0)), building("B2", "N2"), building("B3", "N3")]
    inst = instance(units, apps, buildings)

    result = solve(inst)
    refusals = explain_unit(inst, result, "U1")

    assert assignment(result) == {"U1": "F", "U2": "B"}
    assert [(r.application_id, r.reason, r.constraints) for r in refusals] == [
        ("A", "infeasible", ("wheelchair",)),
        ("B", "better_unit", ()),
        ("C", "mixite", ("neet",)),
        ("E", "lower_total", ()),
    ]
    assert refusals[1].other_unit_id == "U2"
    assert (refusals[3].weight_here, refusals[3].weight_elsewhere) == (70.0, 78.0)
    (first, _) = result.proposals
    assert (first.unit_id, first.priority, first.preference_bonus, first.weight) == ("U1", 60, 0.3, 78.0)


def test_a_household_housed_elsewhere_for_the_total_is_told_so():
    # A prefers N1 (90 x 1.3 = 117 in U1, 90 in U2); B excluded N2, so fits only U1.
    # A in U2 and B in U1 (170) beat A in U1 alone (117).
    units = [unit("U1"), unit("U2", building_id="B2", neighbourhood_id="N2")]
    apps = [app("A", 90, preferred_neighbourhoods=("N1",)), app("B", 80, excluded_neighbourhoods=("N2",))]
    inst = instance(units, apps)

    result = solve(inst)
    (refusal,) = explain_unit(inst, result, "U1")

    assert assignment(result) == {"U1": "B", "U2": "A"}
    assert (refusal.application_id, refusal.reason, refusal.other_unit_id) == ("A", "housed_elsewhere", "U2")
    assert (refusal.weight_here, refusal.weight_elsewhere) == (117.0, 90.0)


def test_proposals_list_the_constraints_at_their_limit():
    inst = instance([unit("U1", max_occupants=3, usable_m2=45.0)], [app("A", 10, household_size=3)])

    (proposal,) = solve(inst).proposals

    assert proposal.at_limit == ("occupants", "floor_area")


def test_a_household_housed_through_its_other_application_is_told_so():
    # H1 applies on two pathways; it is housed through its agreed-rent application in U2, so its
    # public-housing application does not take U1, which goes to B.
    units = [unit("U1"), unit("U2", pathway="canone_concordato", building_id="B2", neighbourhood_id="N2")]
    apps = [
        app("A1", 50, household_id="H1"),
        app("A2", 90, household_id="H1", pathway="canone_concordato"),
        app("B", 40),
    ]
    inst = instance(units, apps, rules=Rules(affordability_exempt_pathways=("erp", "canone_concordato")))

    result = solve(inst)
    refusals = explain_unit(inst, result, "U1")

    assert assignment(result) == {"U1": "B", "U2": "A2"}
    assert [(r.application_id, r.reason, r.constraints, r.other_unit_id) for r in refusals] == [
        ("A2", "infeasible", ("pathway",), ""),
        ("A1", "better_unit", (), "U2"),
    ]
