"""Who may assess households, see the plane and configure instruments.

Assessments belong to the household's organisation and territory and are scoped like the
household itself (``abitare.accounts.permissions.scope``). Instruments and pathway maps are
territory rules: readable in the membership's territory, its ancestors (their defaults apply to
it) and below; administrators version them for their own territory subtree.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from abitare.accounts.models import Membership, Role, Territory
from abitare.accounts.permissions import roles, scope

M = TypeVar("M", bound=Model)

# Record and read assessments, the household history and the work-list items.
ASSESSMENT = roles("assessment", Role.OPERATOR, Role.COORDINATOR)
# The plane of the territory's households (pseudonymous points): casework and administrators.
PLANE = roles("assessment_plane", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
# Read the instruments and pathway maps in force.
INSTRUMENT_READ = roles("instrument_read", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
# Create new versions of instruments for a territory.
INSTRUMENT_ADMIN = roles("instrument_admin", Role.ADMINISTRATOR)


def assessment_scope(queryset: QuerySet[M], actor: Membership | None) -> QuerySet[M]:
    """Assessments (or proposals) of the membership's organisation in its territory subtree."""
    return scope(queryset, actor)


def rule_scope(queryset: QuerySet[M], actor: Membership | None) -> QuerySet[M]:
    """Instruments or maps that apply to the membership's territory or lie below it, and the defaults."""
    if actor is None:
        return queryset.none()
    territory = actor.territory
    return queryset.filter(
        Q(territory__isnull=True)
        | Q(territory_id__in=territory.ancestor_ids())
        | Q(territory__path__startswith=territory.path)
    )


def can_configure_territory(actor: Membership | None, territory: Territory) -> bool:
    """Administrators configure their own territory and what lies below it, never the defaults."""
    return (
        actor is not None and actor.role in INSTRUMENT_ADMIN.roles and territory.path.startswith(actor.territory.path)
    )
