"""Roles, and the one place where a right is judged on an actor.

The actor is the membership in force: the organisation, territory and role a user works under
for this request (ADR 0006). A right is judged on that one membership, never on "any of the
user's memberships": a user who is coordinator in one organisation and operator in another acts
as an operator while working as one.

``core`` imports no domain app, so these predicates read the actor through the small
:class:`Actor` protocol, which ``accounts.Membership`` satisfies. Every app's ``permissions.py``
builds its rules on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    FACILITATOR = "facilitator", _("Facilitator")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class PlaceLike(Protocol):
    @property
    def path(self) -> str: ...


class Actor(Protocol):
    """What a right, a scope or the access log needs to know about who is acting: the membership
    in force (``accounts.Membership``; ``core`` imports no app)."""

    @property
    def pk(self) -> Any: ...

    @property
    def user(self) -> Any: ...

    @property
    def organisation(self) -> Any: ...

    @property
    def territory_id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def sensitive_data(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def organisation_id(self) -> int: ...

    @property
    def territory(self) -> PlaceLike: ...


def has_role(actor: Actor | None, roles: Iterable[str]) -> bool:
    """The membership in force is active and has one of ``roles``."""
    return actor is not None and actor.is_active and actor.role in set(roles)


def may_read_sensitive(actor: Actor | None, roles: Iterable[str]) -> bool:
    """One of ``roles`` with the membership's own sensitive-data flag (GDPR art. 9)."""
    return has_role(actor, roles) and bool(actor and actor.sensitive_data)


def covers(actor: Actor | None, territory_path: str) -> bool:
    """The territory (given by its path) is the actor's territory or lies below it."""
    return actor is not None and territory_path.startswith(actor.territory.path)


def acts_for(actor: Actor | None, *, organisation_id: int, territory_path: str) -> bool:
    """The actor works for this organisation and its territory covers this one."""
    return actor is not None and actor.organisation_id == organisation_id and covers(actor, territory_path)


def holds(actor: Actor | None, roles: Iterable[str], *, organisation_id: int, territory_path: str) -> bool:
    """The actor has one of ``roles`` for this organisation over this territory, e.g. "a coordinator
    of the tenancy's agency" approving a write-off."""
    return has_role(actor, roles) and acts_for(actor, organisation_id=organisation_id, territory_path=territory_path)
