"""The synthetic instance generator: seeded, and near the asked share of feasible pairs."""

from abitare.matching.engine.compiled import compile_instance
from abitare.matching.engine.feasibility import feasible_pairs
from abitare.matching.engine.generator import generate


def test_the_same_seed_gives_the_same_instance():
    assert generate(n_applications=300, n_units=30, seed=3) == generate(n_applications=300, n_units=30, seed=3)
    assert generate(n_applications=300, n_units=30, seed=3) != generate(n_applications=300, n_units=30, seed=4)


def test_the_share_of_feasible_pairs_is_near_the_target():
    # With 1,000 units (12 neighbourhoods) both ends of the 5-10 % range are reachable.
    for target in (0.05, 0.10):
        inst = generate(n_applications=4000, n_units=1000, seed=11, feasible_share=target)
        pairs = feasible_pairs(compile_instance(inst), top_k=1, closed=False)
        share = pairs.size / (4000 * 1000)
        assert abs(share - target) / target < 0.15


def test_household_sizes_run_from_one_to_six_with_singles_most_common():
    inst = generate(n_applications=3000, n_units=10, seed=2)
    sizes = [a.household_size for a in inst.applications]
    assert set(sizes) == {1, 2, 3, 4, 5, 6}
    assert max(set(sizes), key=sizes.count) == 1
