"""Writes for territories, organisations, users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Role, RolePolicy, Territory, User
from abitare.core.exceptions import DomainError, NotAllowed


@transaction.atomic
def territory_create(*, name: str, kind: str, parent: Territory | None = None, istat_code: str = "") -> Territory:
    """Add a node to the territory tree; the parent's kind must fit (district > municipality > neighbourhood)."""
    allowed_parent_kinds = Territory.PARENT_KINDS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed_parent_kinds:
        raise DomainError(_("A territory of this kind cannot be placed under that parent."), field="parent")
    if istat_code and kind != Territory.Kind.MUNICIPALITY:
        raise DomainError(_("Only municipalities have an ISTAT code."), field="istat_code")
    territory = Territory(name=name, kind=kind, parent=parent, istat_code=istat_code, path="")
    territory.full_clean(exclude=["path"])
    territory.save()
    territory.path = f"{parent.path if parent else '/'}{territory.pk}/"
    territory.save(update_fields=["path"])
    return territory


def territory_get_or_create(
    *, name: str, kind: str, parent: Territory | None = None, istat_code: str = ""
) -> Territory:
    existing = Territory.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        return existing
    return territory_create(name=name, kind=kind, parent=parent, istat_code=istat_code)


@transaction.atomic
def organisation_create(*, name: str, kind: str, territories: Iterable[Territory], tax_code: str = "") -> Organisation:
    organisation = Organisation(name=name, kind=kind, tax_code=tax_code)
    organisation.full_clean()
    organisation.save()
    organisation.territories.set(list(territories))
    return organisation


@transaction.atomic
def user_create(*, username: str, email: str, password: str | None, first_name: str = "", last_name: str = "") -> User:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    territory: Territory,
    role: str,
    sensitive_data: bool = False,
) -> Membership:
    """Give a user a role in an organisation for a territory the organisation works in."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    organisation_paths = [t.path for t in organisation.territories.all()]
    if not any(territory.path.startswith(path) for path in organisation_paths):
        raise DomainError(_("The organisation does not work in this territory."), field="territory")
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        territory=territory,
        role=role,
        defaults={"sensitive_data": sensitive_data, "is_active": True},
    )
    return membership


def membership_switch(*, session: Any, user: User, membership_id: int) -> Membership:
    """Make one of the user's own active memberships the current one; any other id is refused."""
    membership = Membership.objects.filter(pk=membership_id, user=user, is_active=True).first()
    if membership is None:
        raise NotAllowed(_("You have no such membership."), field="membership")
    session["membership_id"] = membership.pk
    return membership


@transaction.atomic
def role_policy_set(*, actor: User, role: str, require_otp: bool) -> RolePolicy:
    """Make the second factor compulsory (or optional) for everyone with ``role``."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    policy, _created = RolePolicy.objects.update_or_create(role=role, defaults={"require_otp": require_otp})
    return policy
