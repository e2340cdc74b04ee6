"""Who may manage labs: facilitators and coordinators of the lab's lead organisation, within
their territory subtree. Citizens see only published, non-personal information."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import roles, scope

M = TypeVar("M", bound=Model)

FACILITATION = roles("facilitation", Role.FACILITATOR, Role.COORDINATOR)
# The facilitator's dashboard (coordinators have theirs, with the casework figures).
FACILITATOR = roles("facilitator", Role.FACILITATOR)


def lab_scope(queryset: QuerySet[M], actor: Membership | None, *, lab_path: str = "") -> QuerySet[M]:
    """Rows of labs led by the membership's organisation in its territory subtree.

    ``lab_path`` is the lookup from the queryset's model to the lab (``"lab__"``,
    ``"occurrence__activity__lab__"``), empty for labs themselves.
    """
    return scope(queryset, actor, organisation_field=f"{lab_path}organisation", territory_field=f"{lab_path}territory")


def can_manage_lab(actor: Membership | None, *, organisation_id: int, territory_path: str) -> bool:
    """Predicate form of :func:`lab_scope` for one lab."""
    return (
        actor is not None
        and actor.role in FACILITATION.roles
        and actor.organisation_id == organisation_id
        and territory_path.startswith(actor.territory.path)
    )
