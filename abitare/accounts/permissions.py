"""Who may do what: role rules for views and the API, and the one way to scope a queryset.

A rule is evaluated on the *current membership* (organisation + territory + role) chosen in
the header switcher. ``scope`` restricts any queryset to the rows of that organisation within
that territory's subtree, so pages, API and exports cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from abitare.accounts.models import Membership, Role
from abitare.accounts.selectors import membership_current
from abitare.core.roles import has_role, may_read_sensitive

M = TypeVar("M", bound=Model)


def membership_of(request: Any) -> Membership | None:
    """The current membership of a page or API request, cached per request and user.

    The key includes the user because a DRF request authenticates by token after the
    middleware has already looked at the (then anonymous) Django request.
    """
    user = request.user
    key = user.pk if user.is_authenticated else None
    cached = getattr(request, "_abitare_membership", None)
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    session = getattr(request, "session", None)
    membership = membership_current(
        user=user,
        requested_id=session.get("membership_id") if session is not None else None,
        header_id=request.headers.get("X-Abitare-Membership"),
    )
    request._abitare_membership = (key, membership)
    return membership


@dataclass(frozen=True)
class RoleRule:
    """Reachable by signed-in users whose current membership has one of ``roles``."""

    name: str
    roles: frozenset[str]
    sensitive: bool = False
    public: bool = False

    def allows(self, request: Any) -> bool:
        if not request.user.is_authenticated:
            return False
        membership = membership_of(request)
        if self.sensitive:
            return may_read_sensitive(membership, self.roles)
        return has_role(membership, self.roles)


def roles(name: str, *members: Role, sensitive: bool = False) -> RoleRule:
    return RoleRule(name=name, roles=frozenset(str(role) for role in members), sensitive=sensitive)


# The rights of the foundation; each app defines its own in its permissions.py.
WORK = roles("work", Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
CASEWORK = roles("casework", Role.OPERATOR, Role.COORDINATOR)
ADMINISTRATION = roles("administration", Role.ADMINISTRATOR)
AUDIT = roles("audit", Role.AUDITOR)
STAFF = roles("staff", *Role)


def scope(
    queryset: QuerySet[M],
    actor: Membership | None,
    *,
    organisation_field: str | None = "organisation",
    territory_field: str | None = "territory",
) -> QuerySet[M]:
    """Rows the membership may see: its organisation, and its territory or anything below it.

    Pass ``organisation_field=None`` for records shared by every organisation of a territory
    and ``territory_field=None`` for records that belong to an organisation as a whole.
    """
    if actor is None:
        return queryset.none()
    filters: dict[str, Any] = {}
    if organisation_field:
        filters[organisation_field] = actor.organisation_id
    if territory_field:
        filters[f"{territory_field}__path__startswith"] = actor.territory.path
    return queryset.filter(**filters)


def can_see_territory(actor: Membership | None, territory_path: str) -> bool:
    return actor is not None and territory_path.startswith(actor.territory.path)
