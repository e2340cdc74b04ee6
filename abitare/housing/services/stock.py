"""The stock kept from the product: register, edit and retire buildings and units, private owners
with their agreements, common spaces with the act that governs them.

Every write is scoped to the actor's organisation and territory subtree and names the actor as
the author of the history row. Retiring a unit asks the registered guards first (tenancies refuse
a unit with an active tenancy, matching one with an open offer): housing may not read them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, DomainError
from abitare.housing.models import Building, CommonSpace, Owner, OwnerAgreement, Unit, UnitStateChange
from abitare.housing.selectors import agreement_zone_list
from abitare.housing.services._common import authored, check_territory, full_clean

INITIAL_STATES = Unit.INITIAL_STATES

#: ``guard(unit)``: the reason the unit cannot leave the stock, or None.
RetirementGuard = Callable[[Unit], "str | Promise | None"]
_retirement_guards: list[RetirementGuard] = []


def unit_retirement_guard_register(guard: RetirementGuard) -> RetirementGuard:
    """Add a reason to refuse retiring a unit (called from a later module's ``AppConfig.ready()``);
    registering twice is harmless."""
    if guard not in _retirement_guards:
        _retirement_guards.append(guard)
    return guard


def _set(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def _check_owner(actor: Membership, owner: Owner | None) -> None:
    if owner is not None and (
        owner.organisation_id != actor.organisation_id or not owner.territory.path.startswith(actor.territory.path)
    ):
        raise DomainError(_("This owner is not one of your organisation's in your territory."), field="owner")


def _check_building(building: Building) -> None:
    if building.owner_kind == Building.OwnerKind.PRIVATE_AGREEMENT and building.owner_id is None:
        raise DomainError(_("A building let under agreement needs its private owner."), field="owner")


def _check_zone(actor: Membership, unit: Unit) -> None:
    if unit.agreed_rent_zone_id and not agreement_zone_list(actor=actor).filter(pk=unit.agreed_rent_zone_id).exists():
        raise DomainError(
            _("This agreed-rent zone belongs to an agreement of another territory."), field="agreed_rent_zone"
        )


def _check_rooms(unit: Unit) -> None:
    if unit.bedrooms is not None and unit.rooms is not None and unit.bedrooms > unit.rooms:
        raise DomainError(
            _("A unit cannot have fewer rooms (%(rooms)s) than bedrooms (%(bedrooms)s).")
            % {"rooms": unit.rooms, "bedrooms": unit.bedrooms},
            field="bedrooms",
        )


def _not_retired(building: Building) -> None:
    if building.is_retired:
        raise Conflict(_("This building has been retired from the stock."))


# Owners and their agreements -------------------------------------------------------------------


@transaction.atomic
def owner_register(*, actor: Membership, territory: Territory, **fields: Any) -> Owner:
    """A private owner who lets flats through the agency, in the actor's organisation and territory."""
    check_territory(actor, territory)
    owner = Owner(organisation_id=actor.organisation_id, territory=territory, **fields)
    full_clean(owner)
    authored(owner, actor).save()
    return owner


@transaction.atomic
def owner_update(*, actor: Membership, owner: Owner, **fields: Any) -> Owner:
    _check_owner(actor, owner)
    _set(owner, fields)
    check_territory(actor, owner.territory)
    full_clean(owner)
    authored(owner, actor).save()
    return owner


@transaction.atomic
def owner_agreement_record(*, actor: Membership, owner: Owner, **fields: Any) -> OwnerAgreement:
    """The agency's agreement (convenzione) with a private owner: reference, dates, terms."""
    _check_owner(actor, owner)
    agreement = OwnerAgreement(owner=owner, **fields)
    _check_dates(agreement)
    full_clean(agreement)
    authored(agreement, actor).save()
    return agreement


@transaction.atomic
def owner_agreement_update(*, actor: Membership, agreement: OwnerAgreement, **fields: Any) -> OwnerAgreement:
    _check_owner(actor, agreement.owner)
    _set(agreement, fields)
    _check_dates(agreement)
    full_clean(agreement)
    authored(agreement, actor).save()
    return agreement


def _check_dates(agreement: OwnerAgreement) -> None:
    if agreement.valid_to and agreement.valid_from and agreement.valid_to < agreement.valid_from:
        raise DomainError(_("The end date is before the start date."), field="valid_to")


# Buildings -------------------------------------------------------------------------------------


@transaction.atomic
def building_register(
    *, actor: Membership, territory: Territory, owner: Owner | None = None, **fields: Any
) -> Building:
    """Add a building of the actor's organisation in their territory; a private owner under
    agreement must be named, and must be the organisation's."""
    check_territory(actor, territory)
    _check_owner(actor, owner)
    building = Building(organisation_id=actor.organisation_id, territory=territory, owner=owner, **fields)
    _check_building(building)
    full_clean(building)
    authored(building, actor).save()
    return building


@transaction.atomic
def building_update(*, actor: Membership, building: Building, **fields: Any) -> Building:
    _not_retired(building)
    _set(building, fields)
    check_territory(actor, building.territory)
    _check_owner(actor, building.owner)
    _check_building(building)
    full_clean(building)
    authored(building, actor).save()
    return building


@transaction.atomic
def building_retire(*, actor: Membership, building: Building, reason: str, on: datetime.date | None = None) -> Building:
    """Retire a building and every unit still in it (sold, demolished, returned to its owner):
    all or nothing, refused when any unit may not leave the stock."""
    locked = Building.objects.select_for_update().get(pk=building.pk)
    _not_retired(locked)
    for unit in locked.units.exclude(state=Unit.State.RETIRED).order_by("code"):
        unit_retire(actor=actor, unit=unit, reason=reason)
    locked.retired_on = on or timezone.localdate()
    locked.retired_reason = reason[:300]
    authored(locked, actor).save(update_fields=["retired_on", "retired_reason", "updated_at"])
    return locked


# Units -------------------------------------------------------------------------------------------


@transaction.atomic
def unit_register(*, actor: Membership, building: Building, **fields: Any) -> Unit:
    """Add a unit to a building of the actor's scope; bedrooms within rooms, a state a new unit may have."""
    _not_retired(building)
    check_territory(actor, building.territory)
    unit = Unit(building=building, **fields)
    if unit.state not in Unit.INITIAL_STATES:
        raise DomainError(_("A new unit is to renovate, available, occupied or vacating."), field="state")
    _check_rooms(unit)
    _check_zone(actor, unit)
    full_clean(unit)
    authored(unit, actor).save()
    return unit


@transaction.atomic
def unit_update(*, actor: Membership, unit: Unit, **fields: Any) -> Unit:
    """Change a unit's data; its state moves only through ``unit_change_state`` and ``unit_retire``."""
    if unit.is_retired:
        raise Conflict(_("This unit has been retired from the stock."))
    fields.pop("state", None)
    _set(unit, fields)
    check_territory(actor, unit.building.territory)
    _check_rooms(unit)
    _check_zone(actor, unit)
    full_clean(unit)
    authored(unit, actor).save()
    return unit


@transaction.atomic
def unit_retire(*, actor: Membership, unit: Unit, reason: str) -> Unit:
    """Take a unit out of the stock for good, with the reason; refused while a registered guard
    objects (an active tenancy, an open offer). The row is locked against a concurrent offer."""
    locked = Unit.objects.select_for_update().select_related("building__territory").get(pk=unit.pk)
    if locked.is_retired:
        raise Conflict(_("This unit has been retired from the stock."))
    check_territory(actor, locked.building.territory)
    for guard in _retirement_guards:
        refusal = guard(locked)
        if refusal:
            raise Conflict(_("%(unit)s cannot be retired: %(reason)s") % {"unit": locked.code, "reason": refusal})
    UnitStateChange.objects.create(
        unit=locked, from_state=locked.state, to_state=Unit.State.RETIRED, changed_by=actor.user, reason=reason[:300]
    )
    locked.state = Unit.State.RETIRED
    authored(locked, actor).save(update_fields=["state", "updated_at"])
    return locked


# Common spaces -----------------------------------------------------------------------------------


@transaction.atomic
def common_space_add(*, actor: Membership, building: Building, **fields: Any) -> CommonSpace:
    """A common space of a building with the act that governs its use."""
    _not_retired(building)
    check_territory(actor, building.territory)
    space = CommonSpace(building=building, **fields)
    full_clean(space)
    authored(space, actor).save()
    return space


@transaction.atomic
def common_space_update(*, actor: Membership, space: CommonSpace, **fields: Any) -> CommonSpace:
    check_territory(actor, space.building.territory)
    _set(space, fields)
    full_clean(space)
    authored(space, actor).save()
    return space
