"""The round report says in words what the engine's answer means; the figures stay behind a toggle."""

from django.utils import translation

from abitare.matching.snapshot import engine_in_words


def test_a_proven_answer_is_the_best_these_rules_allow():
    with translation.override("it"):
        words = engine_in_words({"status": "optimal", "upper_bound": 10.0, "gap": 0.0, "method": "exact"})
    assert words.startswith("Questa proposta è la migliore")
    assert "optimal" not in words


def test_an_unproven_answer_says_how_much_better_one_could_be():
    with translation.override("it"):
        words = engine_in_words({"status": "feasible", "upper_bound": 10.0, "gap": 0.0123, "method": "x"})
    assert "1,2 %" in words
    assert "feasible" not in words


def test_an_allocation_by_rank_alone_has_nothing_to_explain():
    assert engine_in_words({"status": "optimal"}) == ""
    assert engine_in_words({}) == ""
