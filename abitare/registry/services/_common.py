"""Checks shared by the registry's services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import NotAllowed


def require_territory(actor: Membership, territory: Territory) -> None:
    if not can_see_territory(actor, territory.path):
        raise NotAllowed(_("You cannot record people outside your territory."), field="territory")


def require_record(actor: Membership, record: Any) -> None:
    """The record belongs to the actor's organisation and territory subtree."""
    if record.organisation_id != actor.organisation_id or not can_see_territory(actor, record.territory.path):
        raise NotAllowed(_("This record belongs to another organisation or territory."))


def district_of(territory: Territory) -> Territory:
    """The root of the territory's tree (its district)."""
    root_id = territory.root_id
    return territory if territory.pk == root_id else Territory.objects.get(pk=root_id)
