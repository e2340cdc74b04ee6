"""Who may manage labs: facilitators and coordinators of the lab's lead organisation, within
their territory subtree. Citizens see only published, non-personal information."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import roles, scope

M = TypeVar("M", bound=Model)

FACILITATION = roles("facilitation", Role.FACILITATOR, Role.COORDINATOR)


def lab_scope(queryset: QuerySet[M], membership: Membership | None, *, lab_path: str = "") -> QuerySet[M]:
    """Rows of labs led by the membership's organisation in its territory subtree.

    ``lab_path`` is the lookup from the queryset's model to the lab (``"lab__"``,
    ``"occurrence__activity__lab__"``), empty for labs themselves.
    """
    return scope(
        queryset, membership, organisation_field=f"{lab_path}organisation", territory_field=f"{lab_path}territory"
    )


def can_manage_lab(membership: Membership | None, *, organisation_id: int, territory_path: str) -> bool:
    """Predicate form of :func:`lab_scope` for one lab."""
    return (
        membership is not None
        and membership.role in FACILITATION.roles
        and membership.organisation_id == organisation_id
        and territory_path.startswith(membership.territory.path)
    )
