"""Writes for the housing stock: owners, buildings, units, state changes, agreements.

``building_create``, ``unit_create`` and ``owner_create`` are the plain writers the demo and the
other modules' tests use; the product's pages, API and import go through the ``*_register`` /
``*_update`` / ``*_retire`` services of ``stock.py``, which also check the actor's territory and
record who made the change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.core.exceptions import Conflict, DomainError
from abitare.housing import rent
from abitare.housing.models import Agreement, AgreementBand, AgreementZone, Building, Owner, Unit, UnitStateChange
from abitare.housing.services._common import full_clean
from abitare.housing.services.stock import (
    building_register,
    building_retire,
    building_update,
    common_space_add,
    common_space_update,
    owner_agreement_record,
    owner_agreement_update,
    owner_register,
    owner_update,
    unit_register,
    unit_retire,
    unit_retirement_guard_register,
    unit_update,
)

__all__ = [
    "agreed_rent_for_unit",
    "agreement_load",
    "building_create",
    "building_register",
    "building_retire",
    "building_update",
    "common_space_add",
    "common_space_update",
    "owner_agreement_record",
    "owner_agreement_update",
    "owner_create",
    "owner_register",
    "owner_update",
    "unit_change_state",
    "unit_create",
    "unit_register",
    "unit_retire",
    "unit_retirement_guard_register",
    "unit_update",
]


_full_clean = full_clean


@transaction.atomic
def owner_create(*, actor: Membership, organisation: Organisation, territory: Territory, **fields: Any) -> Owner:
    owner = Owner(organisation=organisation, territory=territory, **fields)
    _full_clean(owner)
    owner.save()
    return owner


@transaction.atomic
def building_create(
    *, actor: Membership, organisation: Organisation, territory: Territory, owner: Owner | None = None, **fields: Any
) -> Building:
    """Add a building; a private owner under agreement must be named."""
    building = Building(organisation=organisation, territory=territory, owner=owner, **fields)
    if building.owner_kind == Building.OwnerKind.PRIVATE_AGREEMENT and owner is None:
        raise DomainError(_("A building let under agreement needs its private owner."), field="owner")
    _full_clean(building)
    building.save()
    return building


@transaction.atomic
def unit_create(*, actor: Membership, building: Building, **fields: Any) -> Unit:
    unit = Unit(building=building, **fields)
    _full_clean(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_change_state(*, actor: Membership, unit: Unit, to_state: str, reason: str = "") -> Unit:
    """Move a unit along its allowed states (docs/modules/housing.md) and record the change with who and why.

    The row is locked, so two operators cannot both move the same unit from the same state.
    """
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if to_state not in Unit.State.values:
        raise DomainError(_("Unknown state."), field="to_state")
    if not locked.can_move_to(to_state):
        raise Conflict(
            _("A unit cannot go from “%(from)s” to “%(to)s”.")
            % {"from": locked.get_state_display(), "to": Unit.State(to_state).label},
            field="to_state",
        )
    UnitStateChange.objects.create(
        unit=locked, from_state=locked.state, to_state=to_state, changed_by=actor.user, reason=reason[:300]
    )
    locked.state = to_state
    locked.save(update_fields=["state", "updated_at"])
    return locked


def agreed_rent_for_unit(
    *,
    unit: Unit,
    elements: int,
    extras: Mapping[str, Decimal] | None = None,
    chosen_supplements: Sequence[str] = (),
) -> rent.RentRange:
    """The agreed-rent range for a unit from its zone's agreement (data, never code)."""
    zone = unit.agreed_rent_zone
    if zone is None:
        raise DomainError(_("The unit is not in a zone of an agreed-rent agreement."), field="agreed_rent_zone")
    agreement = zone.agreement
    bands = [
        rent.Band(band.name, band.min_elements, band.max_elements, band.min_rate, band.max_rate)
        for band in zone.bands.all()
    ]
    try:
        return rent.agreed_rent_range(
            usable_m2=unit.usable_m2,
            extras=extras or {},
            shares={key: Decimal(value) for key, value in agreement.surface_shares.items()},
            bands=bands,
            elements=elements,
            rates_per_year=agreement.rate_unit == Agreement.RateUnit.PER_YEAR,
            supplements={key: Decimal(value) for key, value in agreement.supplements.items()},
            chosen_supplements=chosen_supplements,
        )
    except rent.RentRuleError as error:
        raise DomainError(_("The agreement cannot price this unit: %(reason)s") % {"reason": error}) from error


@transaction.atomic
def agreement_load(*, territory: Territory, data: Mapping[str, Any]) -> Agreement:
    """Load an agreement from its data (zones, bands, shares, supplements); all or nothing."""
    try:
        agreement = Agreement(
            territory=territory,
            name=data["name"],
            valid_from=data["valid_from"],
            valid_to=data.get("valid_to"),
            rate_unit=data["rate_unit"],
            source=data["source"],
            confidence=data["confidence"],
            surface_shares=data.get("surface_shares", {}),
            supplements=data.get("supplements", {}),
        )
        _full_clean(agreement)
        agreement.save()
        for zone_data in data["zones"]:
            zone = AgreementZone.objects.create(agreement=agreement, code=zone_data["code"], name=zone_data["name"])
            bands = [
                rent.Band(
                    b["name"], b.get("min_elements", 0), b.get("max_elements"), Decimal(b["min"]), Decimal(b["max"])
                )
                for b in zone_data["bands"]
            ]
            for elements in range(0, 1 + max((b.max_elements or b.min_elements) for b in bands)):
                rent.band_for(bands, elements)
            AgreementBand.objects.bulk_create(
                AgreementBand(
                    zone=zone,
                    name=b.name,
                    min_elements=b.min_elements,
                    max_elements=b.max_elements,
                    min_rate=b.min_rate,
                    max_rate=b.max_rate,
                )
                for b in bands
            )
    except KeyError as error:
        raise DomainError(_("The agreement data lacks the field %(field)s.") % {"field": error.args[0]}) from error
    except rent.RentRuleError as error:
        raise DomainError(_("The agreement's bands are inconsistent: %(reason)s") % {"reason": error}) from error
    return agreement
