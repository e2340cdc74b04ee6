"""The pure rules evaluator: refusal of rules that cannot be evaluated, verdicts and scores."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abitare.matching.rules import Rule, RuleError, check_rule, eligibility, parse_threshold, priority

ISEE_LIMIT = Rule("isee", "ISEE <= 16,000", "isee", "<=", Decimal(16000))
NO_PROPERTY = Rule("property", "No suitable property", "owns_suitable_property", "is false")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Rule("x", "x", "shoe_size", "<=", Decimal(1)), "unknown fact"),
        (Rule("x", "x", "isee", "is true"), "does not apply"),
        (Rule("x", "x", "eviction_notice", "<=", Decimal(1)), "does not apply"),
        (Rule("x", "x", "isee", "<="), "needs a numeric threshold"),
        (Rule("x", "x", "eviction_notice", "is true", per_unit=True, points=Decimal(1)), "numeric fact"),
    ],
)
def test_rules_that_cannot_be_evaluated_are_refused(rule, message):
    with pytest.raises(RuleError, match=message):
        check_rule(rule, priority=False)


def test_a_priority_rule_without_points_is_refused():
    with pytest.raises(RuleError, match="must give points"):
        check_rule(Rule("x", "x", "eviction_notice", "is true"), priority=True)


def test_a_threshold_must_be_a_number():
    assert parse_threshold("16.000,50".replace(".", "")) == Decimal("16000.50")
    with pytest.raises(RuleError):
        parse_threshold("sedicimila")
    with pytest.raises(RuleError):
        parse_threshold("NaN")


def test_eligibility_lists_failed_rules_and_missing_facts():
    facts = {"isee": Decimal(18000), "owns_suitable_property": False}
    assert eligibility([ISEE_LIMIT, NO_PROPERTY], facts).failed == ["isee"]
    verdict = eligibility([ISEE_LIMIT, NO_PROPERTY], {"isee": None, "owns_suitable_property": False})
    assert (verdict.eligible, verdict.missing) == (False, ["isee"])
    assert eligibility([ISEE_LIMIT, NO_PROPERTY], {"isee": Decimal(16000), "owns_suitable_property": False}).eligible


def test_priority_points_per_unit_respect_the_cap():
    waiting = Rule(
        "wait", "Waiting", "waiting_months", ">=", Decimal(0), Decimal("0.5"), per_unit=True, cap=Decimal(12)
    )
    eviction = Rule("evict", "Eviction", "eviction_notice", "is true", points=Decimal(8))
    total, parts = priority([waiting, eviction], {"waiting_months": Decimal(30), "eviction_notice": True})
    assert total == Decimal(20)
    assert [(p.code, p.points) for p in parts] == [("wait", Decimal(12)), ("evict", Decimal(8))]
    total, parts = priority([waiting, eviction], {"waiting_months": Decimal(4), "eviction_notice": False})
    assert total == Decimal(2)


@given(
    months=st.integers(min_value=0, max_value=600),
    minors=st.integers(min_value=0, max_value=10),
)
def test_priority_is_monotone_in_each_fact_and_never_negative(months, minors):
    rules = [
        Rule("wait", "Waiting", "waiting_months", ">=", Decimal(0), Decimal("0.5"), per_unit=True, cap=Decimal(12)),
        Rule("minors", "Minors", "minors", ">=", Decimal(1), Decimal(2), per_unit=True, cap=Decimal(8)),
    ]
    base, _ = priority(rules, {"waiting_months": Decimal(months), "minors": Decimal(minors)})
    more, _ = priority(rules, {"waiting_months": Decimal(months + 1), "minors": Decimal(minors + 1)})
    assert Decimal(0) <= base <= more <= Decimal(20)
