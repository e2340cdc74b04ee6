"""The pure arithmetic of the assessment: axes, quadrants, pathways (property-tested)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abitare.assessments.scoring import (
    DEFAULT_PATHWAY_MAP,
    Axis,
    DomainSpec,
    MemberFacts,
    Pathway,
    Quadrant,
    Thresholds,
    assess,
    axis_score,
    check_scores,
    dopo_di_noi_eligible,
    next_due,
    quadrant_of,
    recommend_pathway,
)
from abitare.core.exceptions import DomainError, ValidationFailed

levels = st.integers(min_value=1, max_value=5)
weights = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(10), places=2)
axis_values = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def instruments(draw, min_size=1, max_size=8):
    """An axis of 1-8 domains with positive weights and a score for each."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    domains = [DomainSpec(code=f"d{i}", axis=Axis.RESOURCES, weight=draw(weights)) for i in range(size)]
    scores = {domain.code: draw(levels) for domain in domains}
    return domains, scores


def _resources(domains, scores):
    return axis_score(domains, scores, Axis.RESOURCES)


@given(instruments())
def test_an_axis_score_stays_between_0_and_100(case):
    domains, scores = case
    assert Decimal(0) <= _resources(domains, scores) <= Decimal(100)


@given(instruments(), st.data())
def test_raising_any_one_score_never_lowers_the_axis(case, data):
    domains, scores = case
    code = data.draw(st.sampled_from([domain.code for domain in domains]))
    if scores[code] == 5:
        return
    higher = {**scores, code: scores[code] + 1}
    assert _resources(domains, higher) >= _resources(domains, scores)


@given(instruments(), st.data())
def test_raising_a_score_with_positive_weight_raises_the_axis_when_it_is_not_lost_in_rounding(case, data):
    domains, scores = case
    domain = data.draw(st.sampled_from(domains))
    if scores[domain.code] == 5:
        return
    total = sum(d.weight for d in domains)
    higher = {**scores, domain.code: scores[domain.code] + 1}
    # One level on one domain moves the mean by weight/total, i.e. 25 * weight/total points.
    if 25 * domain.weight / total >= Decimal("0.01"):
        assert _resources(domains, higher) > _resources(domains, scores)


@given(instruments(), st.integers(min_value=1, max_value=5))
def test_a_domain_with_weight_zero_has_no_effect(case, ignored_level):
    domains, scores = case
    with_zero = [*domains, DomainSpec(code="zero", axis=Axis.RESOURCES, weight=Decimal(0))]
    assert _resources(with_zero, {**scores, "zero": ignored_level}) == _resources(domains, scores)


@given(instruments())
def test_doubling_every_weight_changes_nothing(case):
    domains, scores = case
    doubled = [DomainSpec(code=d.code, axis=d.axis, weight=d.weight * 2) for d in domains]
    assert _resources(doubled, scores) == _resources(domains, scores)


@given(instruments())
def test_domains_of_the_other_axis_do_not_count(case):
    domains, scores = case
    other = DomainSpec(code="other", axis=Axis.POTENTIAL, weight=Decimal(5))
    assert _resources([*domains, other], {**scores, "other": 1}) == _resources(domains, scores)


@given(st.integers(min_value=1, max_value=5))
def test_equal_scores_give_their_rescaled_level(level):
    domains = [DomainSpec("a", Axis.RESOURCES, Decimal(1)), DomainSpec("b", Axis.RESOURCES, Decimal(3))]
    assert _resources(domains, {"a": level, "b": level}) == Decimal((level - 1) * 25)


def test_the_weighted_mean_is_rescaled_and_rounded_half_up():
    domains = [DomainSpec("a", Axis.RESOURCES, Decimal(2)), DomainSpec("b", Axis.RESOURCES, Decimal(1))]
    # mean = (2*5 + 1*1) / 3 = 3.6667 -> (3.6667 - 1) / 4 * 100 = 66.67
    assert _resources(domains, {"a": 5, "b": 1}) == Decimal("66.67")


@given(axis_values, axis_values, axis_values, axis_values)
def test_thresholds_are_inclusive_a_score_at_the_threshold_is_high(resources, potential, t_res, t_pot):
    quadrant = quadrant_of(resources, potential, Thresholds(resources=t_res, potential=t_pot))
    high_resources = quadrant in {Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL, Quadrant.HIGH_RESOURCES_LOW_POTENTIAL}
    high_potential = quadrant in {Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL, Quadrant.LOW_RESOURCES_HIGH_POTENTIAL}
    assert high_resources == (resources >= t_res)
    assert high_potential == (potential >= t_pot)


def test_the_default_thresholds_put_50_50_in_the_autonomy_quadrant():
    assert quadrant_of(Decimal(50), Decimal(50), Thresholds()) == Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL
    assert quadrant_of(Decimal("49.99"), Decimal(50), Thresholds()) == Quadrant.LOW_RESOURCES_HIGH_POTENTIAL
    assert quadrant_of(Decimal(50), Decimal("49.99"), Thresholds()) == Quadrant.HIGH_RESOURCES_LOW_POTENTIAL
    assert quadrant_of(Decimal(0), Decimal(0), Thresholds()) == Quadrant.LOW_RESOURCES_LOW_POTENTIAL


def test_the_default_map_is_the_pero_model():
    assert dict(DEFAULT_PATHWAY_MAP) == {
        Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL: Pathway.MARKET_ORIENTATION,
        Quadrant.HIGH_RESOURCES_LOW_POTENTIAL: Pathway.AGREED_RENT,
        Quadrant.LOW_RESOURCES_HIGH_POTENTIAL: Pathway.SERVICE_CONTRACT,
        Quadrant.LOW_RESOURCES_LOW_POTENTIAL: Pathway.RECEPTION_HOUSE,
    }


@given(st.sampled_from(list(Quadrant)), st.booleans(), st.booleans())
def test_dopo_di_noi_overrides_the_map_only_when_asked_for_and_eligible(quadrant, requested, eligible):
    pathway = recommend_pathway(
        quadrant, DEFAULT_PATHWAY_MAP, dopo_di_noi_requested=requested, dopo_di_noi_eligible=eligible
    )
    if requested and eligible:
        assert pathway == Pathway.DOPO_DI_NOI
    else:
        assert pathway == DEFAULT_PATHWAY_MAP[quadrant]


def test_dopo_di_noi_needs_an_adult_with_severe_disability():
    assert dopo_di_noi_eligible([MemberFacts(age=30, severe_disability=True)])
    assert not dopo_di_noi_eligible([MemberFacts(age=17, severe_disability=True)])
    assert not dopo_di_noi_eligible([MemberFacts(age=30, severe_disability=False)])
    assert not dopo_di_noi_eligible([])


PAIR = [DomainSpec("income", Axis.RESOURCES, Decimal(1)), DomainSpec("health", Axis.POTENTIAL, Decimal(1))]


def test_a_missing_domain_score_is_refused_with_the_domain_named():
    with pytest.raises(ValidationFailed) as refused:
        check_scores(PAIR, {"income": 3})
    assert refused.value.errors == {"health": ["Valuta questa dimensione: scegli un livello da 1 a 5."]}


@pytest.mark.parametrize("bad", [0, 6, -1, "7", "x", 2.5, True])
def test_a_score_outside_1_to_5_is_refused(bad):
    with pytest.raises(ValidationFailed) as refused:
        check_scores(PAIR, {"income": 3, "health": bad})
    assert refused.value.errors == {"health": ["Il punteggio deve essere un numero intero da 1 a 5."]}


def test_a_score_for_a_domain_outside_the_instrument_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        check_scores(PAIR, {"income": 3, "health": 3, "ghost": 3})
    assert refused.value.errors == {"ghost": ["Questa dimensione non fa parte dello strumento."]}


def test_an_axis_without_positive_weight_is_refused():
    domains = [DomainSpec("a", Axis.RESOURCES, Decimal(0))]
    with pytest.raises(DomainError):
        axis_score(domains, {"a": 3}, Axis.RESOURCES)


def test_assess_puts_it_all_together():
    result = assess(PAIR, {"income": "4", "health": 2}, thresholds=Thresholds(), pathway_map=DEFAULT_PATHWAY_MAP)
    assert (result.resources, result.potential) == (Decimal("75.00"), Decimal("25.00"))
    assert result.quadrant == Quadrant.HIGH_RESOURCES_LOW_POTENTIAL
    assert result.recommended_pathway == Pathway.AGREED_RENT


def test_the_next_assessment_is_due_six_months_later_at_the_month_end_when_shorter():
    assert next_due(datetime.date(2026, 1, 15)) == datetime.date(2026, 7, 15)
    assert next_due(datetime.date(2026, 8, 31)) == datetime.date(2027, 2, 28)
