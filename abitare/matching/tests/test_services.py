"""Applications evaluated against the shipped rule sets, with hand-computed examples."""

import datetime
from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.matching import services
from abitare.matching.models import Application, Rule
from abitare.registry.models import IseeAttestation
from abitare.registry.tests.factories import actor_of

TODAY = datetime.date(2026, 11, 22)


def _isee(household, amount, operator):
    return IseeAttestation.objects.create(
        household=household,
        isee=Decimal(amount),
        ise=Decimal(amount) * 2,
        isr=Decimal(amount),
        isp=Decimal(0),
        equivalence_scale=Decimal("1.57"),
        dsu_protocol="INPS-ISEE-2026-000000001-00",
        issued_on=datetime.date(2026, 1, 15),
        expires_on=datetime.date(2026, 12, 31),
        recorded_by=operator,
    )


def _submit(operator, household, **extra):
    values = {
        "pathway": "service_contract",
        "occupants": 2,
        "monthly_income": Decimal(900),
        "residence_or_work": True,
        "submitted_on": datetime.date(2025, 5, 22),
    }
    values.update(extra)
    return services.application_submit(actor=actor_of(operator), household=household, **values)


def test_the_lombardia_rule_set_reproduces_a_hand_computed_verdict(operator, family, lombardia, example_priority):
    # ISEE 12,000 <= 16,000, resides in the territory, owns no property: eligible.
    _isee(family, 12000, operator)
    application = _submit(operator, family)
    assert application.eligible is True
    assert application.status == Application.Status.ELIGIBLE
    # Priority by hand (evaluated today): 18 whole months x 0.5 = 9; one minor x 2 = 2;
    # one adult with a minor: single parent 3. Total 14.
    services.application_evaluate(application=application, on=TODAY)
    assert application.score == Decimal(14)
    assert [part["code"] for part in application.evaluation["priority"]["parts"]] == [
        "attesa",
        "minori",
        "monogenitore",
    ]


def test_an_isee_above_the_limit_is_not_eligible_and_says_which_rule(operator, family, lombardia):
    _isee(family, 16000.01, operator)
    application = _submit(operator, family)
    assert application.eligible is False
    assert application.evaluation["eligibility"]["failed"] == ["isee-16000"]


def test_without_a_valid_isee_the_rule_cannot_be_checked(operator, family, lombardia):
    application = _submit(operator, family)
    assert application.eligible is False
    assert application.evaluation["eligibility"]["missing"] == ["isee-16000"]


def test_the_nearest_rule_set_applies(world, operator, family, lombardia, administrator):
    _isee(family, 16200, operator)
    local = services.rule_set_create(
        actor=acting(administrator),
        territory=world.neighbourhood,
        kind="eligibility",
        name="Quartiere: soglia 16.500",
        valid_from=datetime.date(2024, 1, 1),
        source="test",
        confidence="M",
    )
    services.rule_add(
        actor=acting(administrator),
        rule_set=local,
        code="isee",
        label="ISEE",
        fact="isee",
        operator="<=",
        threshold="16500",
    )
    application = _submit(operator, family)
    assert application.eligible is True
    assert application.evaluation["eligibility"]["rule_set"] == local.pk


def test_a_rule_that_cannot_be_evaluated_is_refused_when_saved(lombardia, administrator):
    before = Rule.objects.count()
    with pytest.raises(DomainError) as refused:
        services.rule_add(
            actor=acting(administrator),
            rule_set=lombardia,
            code="bad",
            label="Bad",
            fact="isee",
            operator="<=",
            threshold="abc",
        )
    assert "abc" in str(refused.value.message)
    with pytest.raises(DomainError):
        services.rule_add(
            actor=acting(administrator),
            rule_set=lombardia,
            code="bad",
            label="Bad",
            fact="age",
            operator="<=",
            threshold=1,
        )
    assert Rule.objects.count() == before


def test_one_open_application_per_pathway(operator, family, lombardia):
    _submit(operator, family)
    with pytest.raises(Conflict):
        _submit(operator, family)
    assert Application.objects.count() == 1


def test_a_neighbourhood_both_wanted_and_excluded_is_refused(world, operator, family, lombardia):
    with pytest.raises(ValidationFailed) as refused:
        _submit(operator, family, preferred=[world.neighbourhood], excluded=[world.neighbourhood])
    assert "excluded" in refused.value.field_errors()
    assert not Application.objects.exists()


def test_another_organisation_cannot_apply_for_the_household(other_org_operator, family, lombardia):
    with pytest.raises(DomainError):
        _submit(other_org_operator, family)
    assert not Application.objects.exists()
