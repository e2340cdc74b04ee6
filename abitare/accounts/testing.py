"""Personas of the rights tests (ADR 0006) and the role matrix, for every app's tests.

:func:`two_memberships` is a user who works under one membership while holding another with more
rights: every right must be judged on the membership in force only. Sign in with
``abitare.core.testing.client_for(user, membership)``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.utils.crypto import get_random_string

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant
from abitare.core.testing import Route, anonymous_refusal, assert_reached, assert_refused, client_for


def two_memberships(
    *,
    organisation: Organisation,
    territory: Territory,
    in_force: str,
    also: str,
    also_territory: Territory | None = None,
    sensitive_in_force: bool = False,
    sensitive_also: bool = False,
) -> tuple[User, Membership, Membership]:
    """A user working under an ``in_force`` membership while also holding ``also`` in the same
    organisation (on ``also_territory``, by default the same territory). Returns the user, the
    membership in force and the other one; sign in with ``client_for(user, in_force_membership)``."""
    user = User.objects.create_user(username=f"two-{in_force}-{also}-{get_random_string(6).lower()}")
    working = membership_grant(
        user=user, organisation=organisation, territory=territory, role=in_force, sensitive_data=sensitive_in_force
    )
    other = membership_grant(
        user=user,
        organisation=organisation,
        territory=also_territory or territory,
        role=also,
        sensitive_data=sensitive_also,
    )
    return user, working, other


def acting(user: User) -> Membership:
    """The membership a test user works under (their first active one): the ``actor`` of services."""
    membership = (
        Membership.objects.filter(user=user, is_active=True).select_related("user", "organisation", "territory").first()
    )
    assert membership is not None, f"{user} has no membership in force"
    return membership


def role_matrix(
    *,
    organisation: Organisation,
    territory: Territory,
    allowed: set[str],
    reads: list[Route],
    writes: list[Route],
    state: Callable[[], object],
) -> None:
    """The permission matrix of a module's routes, for every role.

    Roles in ``allowed`` reach every read; every other role is refused on reads and writes and
    changes nothing, and so is a user working under such a role while also holding an allowed one
    (the membership in force decides, ADR 0006). Anonymous visitors are refused everywhere."""
    routes = [*reads, *writes]
    assert_refused(Client(), routes, state, expected=anonymous_refusal, label="anonymous")
    also = sorted(allowed)[0]
    for role in sorted(Role.values):
        if role in allowed:
            user = User.objects.create_user(username=f"matrix-{role}-{get_random_string(6).lower()}")
            membership = membership_grant(user=user, organisation=organisation, territory=territory, role=role)
            assert_reached(client_for(user, membership), reads, label=role)
            continue
        user, in_force, _other = two_memberships(
            organisation=organisation, territory=territory, in_force=role, also=also
        )
        assert_refused(client_for(user, in_force), routes, state, label=(role, "also", also))
