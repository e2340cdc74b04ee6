"""Who acts in the accounts' commands: an administrator's membership in force (``--as USERNAME``,
with ``--membership ID`` when they hold several), or the server operator (no ``--as``), who is
bound by no territory: the first district, organisation and administrator are set up that way."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from abitare.accounts import selectors
from abitare.accounts.models import Membership, Organisation, Role, Territory, User


def add_actor_arguments(parser: CommandParser) -> None:
    parser.add_argument("--as", dest="as_username", help="Act as this administrator (default: the server operator).")
    parser.add_argument("--membership", type=int, help="Which of the administrator's memberships (an id).")


def actor_from(options: dict[str, Any]) -> Membership | None:
    username = options.get("as_username")
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    memberships = selectors.memberships_active(user=user).filter(role=Role.ADMINISTRATOR).select_related("user")
    if options.get("membership"):
        memberships = memberships.filter(pk=options["membership"])
    membership = memberships.first()
    if membership is None:
        raise CommandError(f"{username} has no administrator membership in force (see --membership).")
    return membership


def territory_named(value: str) -> Territory:
    """A territory by id, ISTAT code or unique name."""
    found = Territory.objects.filter(pk=int(value)) if value.isdigit() and len(value) != 6 else None
    if not found:
        found = Territory.objects.filter(istat_code=value) or Territory.objects.filter(name__iexact=value)
    if found.count() != 1:
        raise CommandError(f"Territory {value!r}: {found.count()} found; give its id.")
    return found.get()


def organisation_named(value: str) -> Organisation:
    found = Organisation.objects.filter(pk=int(value)) if value.isdigit() else Organisation.objects.none()
    if not found:
        found = Organisation.objects.filter(name__iexact=value)
    if found.count() != 1:
        raise CommandError(f"Organisation {value!r}: {found.count()} found; give its id.")
    return found.get()
