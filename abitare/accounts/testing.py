"""Personas of the rights tests (ADR 0006), for every app's tests.

:func:`two_memberships` is a user who works under one membership while holding another with more
rights: every right must be judged on the membership in force only. Sign in with
``abitare.core.testing.client_for(user, membership)``.
"""

from __future__ import annotations

from django.utils.crypto import get_random_string

from abitare.accounts.models import Membership, Organisation, Territory, User
from abitare.accounts.services import membership_grant


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
