"""Rights are judged on the membership in force, never on any of the user's memberships."""

from __future__ import annotations

from abitare.accounts.models import Role
from abitare.accounts.services import membership_grant
from abitare.accounts.tests.factories import UserFactory
from abitare.core.roles import acts_for, covers, has_role, holds, may_read_sensitive


def test_holds_judges_the_one_membership_not_the_users_other_ones(world):
    user = UserFactory()
    as_operator = membership_grant(
        user=user, organisation=world.organisation, territory=world.district, role=Role.OPERATOR
    )
    as_coordinator = membership_grant(
        user=user, organisation=world.organisation, territory=world.district, role=Role.COORDINATOR
    )
    where = {"organisation_id": world.organisation.pk, "territory_path": world.municipality.path}

    assert holds(as_coordinator, [Role.COORDINATOR], **where) is True
    assert holds(as_operator, [Role.COORDINATOR], **where) is False


def test_holds_refuses_another_organisation_or_a_territory_outside(world):
    user = UserFactory()
    coordinator = membership_grant(
        user=user, organisation=world.organisation, territory=world.municipality, role=Role.COORDINATOR
    )

    assert (
        holds(
            coordinator,
            [Role.COORDINATOR],
            organisation_id=world.other_organisation.pk,
            territory_path=world.municipality.path,
        )
        is False
    )
    assert (
        holds(
            coordinator, [Role.COORDINATOR], organisation_id=world.organisation.pk, territory_path=world.district.path
        )
        is False
    )
    assert acts_for(coordinator, organisation_id=world.organisation.pk, territory_path=world.neighbourhood.path)
    assert covers(coordinator, world.neighbourhood.path) is True
    assert covers(coordinator, world.other_municipality.path) is False


def test_an_inactive_membership_has_no_role_and_no_sensitive_right(world):
    user = UserFactory()
    membership = membership_grant(
        user=user, organisation=world.organisation, territory=world.district, role=Role.OPERATOR, sensitive_data=True
    )
    assert may_read_sensitive(membership, [Role.OPERATOR]) is True

    membership.is_active = False

    assert has_role(membership, [Role.OPERATOR]) is False
    assert may_read_sensitive(membership, [Role.OPERATOR]) is False
    assert has_role(None, [Role.OPERATOR]) is False


def test_the_sensitive_right_needs_the_membership_flag(world):
    user = UserFactory()
    plain = membership_grant(user=user, organisation=world.organisation, territory=world.district, role=Role.OPERATOR)

    assert may_read_sensitive(plain, [Role.OPERATOR]) is False
