"""Reads of territories, organisations and memberships, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_otp import user_has_device

from abitare.accounts.models import Membership, Organisation, Role, RolePolicy, Territory, User


def memberships_active(*, user: Any) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True).select_related("organisation", "territory").order_by("id")
    )


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def membership_current(*, user: Any, requested_id: Any = None, header_id: Any = None) -> Membership | None:
    """The membership the user works under: the one chosen (session or API header), else the first."""
    memberships = list(memberships_active(user=user))
    for wanted in (_as_int(header_id), _as_int(requested_id)):
        if wanted is not None:
            for membership in memberships:
                if membership.pk == wanted:
                    return membership
    return memberships[0] if memberships else None


def territory_subtree(*, root: Territory) -> QuerySet[Territory]:
    return Territory.objects.filter(path__startswith=root.path)


def territory_list(*, membership: Membership | None) -> QuerySet[Territory]:
    """The territories the membership works in: its territory and everything below it."""
    if membership is None:
        return Territory.objects.none()
    return territory_subtree(root=membership.territory).select_related("parent")


def organisation_list(*, membership: Membership | None) -> QuerySet[Organisation]:
    """Organisations active in the membership's territories or above them (partners in view)."""
    if membership is None:
        return Organisation.objects.none()
    territory_ids = territory_list(membership=membership).values("id")
    return Organisation.objects.filter(territories__in=territory_ids).distinct().order_by("name")


def member_list(*, membership: Membership | None) -> QuerySet[Membership]:
    """Memberships of the administrator's organisation in their territory subtree."""
    if membership is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, territory__path__startswith=membership.territory.path
        )
        .select_related("user", "organisation", "territory")
        .order_by("user__last_name", "user__first_name", "role")
    )


def roles_requiring_otp() -> set[str]:
    return set(RolePolicy.objects.filter(require_otp=True).values_list("role", flat=True))


def user_role_requires_otp(*, user: User) -> bool:
    """True when one of the user's roles has a compulsory second factor."""
    required = roles_requiring_otp()
    if not required:
        return False
    return Membership.objects.filter(user=user, is_active=True, role__in=required).exists()


def user_requires_otp(*, user: User) -> bool:
    """True when the user must confirm a one-time password: set up voluntarily, or compulsory."""
    return user_has_device(user, confirmed=True) or user_role_requires_otp(user=user)


def role_policies() -> list[RolePolicy]:
    existing = {policy.role: policy for policy in RolePolicy.objects.all()}
    return [existing.get(role, RolePolicy(role=role)) for role in Role.values]
