"""Households: one active household per person (service and database), ISEE attestations."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from abitare.core.exceptions import DomainError, ValidationFailed
from abitare.registry.models import HouseholdMember, IseeAttestation
from abitare.registry.selectors import isee_latest_valid
from abitare.registry.services import household_member_add, household_member_end, isee_attestation_add
from abitare.registry.tests.factories import actor_of, make_household, make_person


def test_a_person_can_be_active_in_one_household_only(world, operator):
    person = make_person(operator)
    first = make_household(operator, person, name="Uno")
    second = make_household(operator, name="Due")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        household_member_add(actor=actor_of(operator), household=second, person=person, relationship="reference")
    assert refused.value.code == "already_in_household"
    assert "Uno" in str(refused.value.message)
    assert HouseholdMember.objects.filter(household=second).count() == 0
    household_member_end(actor=actor_of(operator), member=first.memberships.get())
    household_member_add(actor=actor_of(operator), household=second, person=person, relationship="reference")
    assert HouseholdMember.objects.filter(person=person, end_date__isnull=True).get().household == second


def test_the_database_also_refuses_two_active_memberships(world, operator):
    person = make_person(operator)
    household = make_household(operator, person)
    other = make_household(operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMember.objects.create(household=other, person=person, relationship="child")
    assert household.memberships.count() == 1


def _isee(household, operator, **overrides):
    today = timezone.localdate()
    values = {
        "kind": "ordinario",
        "isee": Decimal("11764.71"),
        "ise": Decimal("24000.00"),
        "isr": Decimal("18000.00"),
        "isp": Decimal("30000.00"),
        "equivalence_scale": Decimal("2.04"),
        "dsu_protocol": "INPS-ISEE-2026-000123456-00",
        "issued_on": today - datetime.timedelta(days=10),
        "expires_on": today + datetime.timedelta(days=100),
    }
    values.update(overrides)
    return isee_attestation_add(actor=actor_of(operator), household=household, **values)


def test_an_attestation_is_stored_as_printed_and_is_the_latest_valid(world, operator):
    household = make_household(operator, make_person(operator))
    attestation = _isee(household, operator)
    assert attestation.isee == Decimal("11764.71")
    assert attestation.is_expired is False
    assert isee_latest_valid(household=household) == attestation
    newer = _isee(
        household,
        operator,
        dsu_protocol="INPS-ISEE-2026-000123999-01",
        isee=Decimal("9000.00"),
        issued_on=timezone.localdate(),
    )
    assert isee_latest_valid(household=household) == newer
    assert isee_latest_valid(household=household, on=timezone.localdate() + datetime.timedelta(days=200)) is None
    assert attestation.is_expired_on(timezone.localdate() + datetime.timedelta(days=101)) is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"dsu_protocol": "INPS-ISEE-26-1-0"}, "dsu_protocol"),
        ({"dsu_protocol": "123456"}, "dsu_protocol"),
        ({"expires_on": timezone.localdate() - datetime.timedelta(days=1)}, "expires_on"),
        ({"issued_on": timezone.localdate() + datetime.timedelta(days=1)}, "issued_on"),
        ({"isee": Decimal("-1")}, "isee"),
        ({"equivalence_scale": Decimal("0.5")}, "equivalence_scale"),
    ],
)
def test_a_bad_attestation_is_refused_and_nothing_is_saved(world, operator, overrides, field):
    household = make_household(operator, make_person(operator))
    with pytest.raises(ValidationFailed) as refused:
        _isee(household, operator, **overrides)
    assert field in refused.value.errors
    assert IseeAttestation.objects.count() == 0


def test_the_same_dsu_twice_is_refused(world, operator):
    household = make_household(operator, make_person(operator))
    _isee(household, operator)
    with pytest.raises(DomainError):
        _isee(household, operator)
    assert IseeAttestation.objects.count() == 1
