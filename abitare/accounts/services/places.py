"""Administrators set up their territory: the territory tree, the organisations working in it and
the public information of each territory's housing desk.

Within the administrator's territory subtree only (ADR 0006); a new district (a root of the tree)
is the server operator's, at the command line (``actor=None``). History is kept of each change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts import istat
from abitare.accounts.models import HousingDesk, Membership, Organisation, Role, Territory
from abitare.accounts.services import UNKNOWN_ISTAT_CODE, organisation_create, territory_create
from abitare.core.exceptions import DomainError, NotAllowed
from abitare.core.roles import has_role

OUTSIDE_TERRITORY = _("This territory is outside yours: you can only work within your territory.")


def _check_administrator(actor: Membership | None) -> None:
    if actor is not None and not has_role(actor, {Role.ADMINISTRATOR}):
        raise NotAllowed(_("Only an administrator sets up territories and organisations."))


def _covers(actor: Membership | None, territory: Territory) -> bool:
    return actor is None or territory.path.startswith(actor.territory.path)


@transaction.atomic
def territory_add(
    *, actor: Membership | None, name: str, kind: str, parent: Territory | None, istat_code: str = ""
) -> Territory:
    """Add a territory under one of the administrator's own (a municipality must have a real ISTAT
    code); a district, a root of the tree, only from the command line."""
    _check_administrator(actor)
    if parent is None and actor is not None:
        raise NotAllowed(_("A new district is added by the server operator."), field="parent")
    if parent is not None and not _covers(actor, parent):
        raise NotAllowed(OUTSIDE_TERRITORY, field="parent")
    if kind == Territory.Kind.MUNICIPALITY and not istat_code:
        raise DomainError(_("Choose the municipality from the official ISTAT list."), field="istat_code")
    if Territory.objects.filter(parent=parent, name__iexact=name.strip()).exists():
        raise DomainError(_("A territory with this name already exists there."), field="name")
    return territory_create(name=name.strip(), kind=kind, parent=parent, istat_code=istat_code)


@transaction.atomic
def territory_update(*, actor: Membership | None, territory: Territory, name: str, istat_code: str = "") -> Territory:
    """Rename a territory of the administrator's subtree or correct its ISTAT code; its place in
    the tree does not change (memberships and records hang on it)."""
    _check_administrator(actor)
    if not _covers(actor, territory):
        raise NotAllowed(OUTSIDE_TERRITORY)
    if istat_code and territory.kind != Territory.Kind.MUNICIPALITY:
        raise DomainError(_("Only municipalities have an ISTAT code."), field="istat_code")
    if territory.kind == Territory.Kind.MUNICIPALITY and not istat_code:
        raise DomainError(_("Choose the municipality from the official ISTAT list."), field="istat_code")
    if istat_code and istat.municipality_get(istat_code) is None:
        raise DomainError(UNKNOWN_ISTAT_CODE, field="istat_code")
    siblings = Territory.objects.filter(parent_id=territory.parent_id, name__iexact=name.strip())
    if siblings.exclude(pk=territory.pk).exists():
        raise DomainError(_("A territory with this name already exists there."), field="name")
    territory.name, territory.istat_code = name.strip(), istat_code
    territory.full_clean(exclude=["path"])
    territory.save()
    return territory


def _check_territories(actor: Membership | None, territories: list[Territory], *, others: bool = False) -> None:
    if not territories and not others:
        raise DomainError(_("Choose at least one territory."), field="territories")
    if not all(_covers(actor, territory) for territory in territories):
        raise NotAllowed(OUTSIDE_TERRITORY, field="territories")


def organisation_editable(actor: Membership | None, organisation: Organisation) -> bool:
    """The administrator's own organisation, or one that works only within their territory."""
    if actor is None or organisation.pk == actor.organisation_id:
        return True
    paths = [territory.path for territory in organisation.territories.all()]
    return bool(paths) and all(path.startswith(actor.territory.path) for path in paths)


@transaction.atomic
def organisation_add(
    *,
    actor: Membership | None,
    name: str,
    kind: str,
    territories: Iterable[Territory],
    tax_code: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    website: str = "",
) -> Organisation:
    """Add an organisation working in territories of the administrator's subtree."""
    _check_administrator(actor)
    chosen = list(territories)
    _check_territories(actor, chosen)
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")
    organisation = organisation_create(name=name.strip(), kind=kind, territories=chosen, tax_code=tax_code)
    organisation.email, organisation.phone, organisation.address, organisation.website = email, phone, address, website
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Membership | None,
    organisation: Organisation,
    name: str,
    kind: str,
    territories: Iterable[Territory],
    tax_code: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    website: str = "",
) -> Organisation:
    """Change an organisation the administrator may edit; territories outside their subtree that
    it already works in are kept, the others are what the administrator chose."""
    _check_administrator(actor)
    if not organisation_editable(actor, organisation):
        raise NotAllowed(_("This organisation also works outside your territory: ask its own administrator."))
    chosen = list(territories)
    kept = [territory for territory in organisation.territories.all() if not _covers(actor, territory)]
    _check_territories(actor, chosen, others=bool(kept))
    if Organisation.objects.filter(name__iexact=name.strip()).exclude(pk=organisation.pk).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")
    organisation.name, organisation.kind, organisation.tax_code = name.strip(), kind, tax_code
    organisation.email, organisation.phone, organisation.address, organisation.website = email, phone, address, website
    organisation.full_clean()
    organisation.save()
    organisation.territories.set(chosen + kept)
    return organisation


@transaction.atomic
def housing_desk_save(
    *,
    actor: Membership | None,
    territory: Territory,
    name: str,
    address: str,
    opening_hours: str,
    phone: str = "",
    email: str = "",
    what_to_bring: str = "",
) -> HousingDesk:
    """Set the public information of a territory's housing desk, shown on the public site."""
    _check_administrator(actor)
    if not _covers(actor, territory):
        raise NotAllowed(OUTSIDE_TERRITORY)
    if not (phone or email):
        raise DomainError(_("Give a phone number or an e-mail address, so people can reach the desk."), field="phone")
    desk = HousingDesk.objects.filter(territory=territory).first() or HousingDesk(territory=territory)
    desk.name, desk.address, desk.opening_hours = name.strip(), address.strip(), opening_hours.strip()
    desk.phone, desk.email, desk.what_to_bring = phone.strip(), email.strip(), what_to_bring.strip()
    desk.full_clean()
    desk.save()
    return desk
