"""Households, their members over time, and their ISEE attestations."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.registry.models import Household, HouseholdMember, IseeAttestation, Person
from abitare.registry.models.isee import DSU_PROTOCOL_PATTERN
from abitare.registry.selectors import person_active_membership
from abitare.registry.services._common import require_record, require_territory


@dataclass(frozen=True)
class NewMember:
    person: Person
    relationship: str
    start_date: datetime.date | None = None


def _already_member(person: Person, active: HouseholdMember) -> DomainError:
    return DomainError(
        _("%(person)s is already an active member of the household %(household)s: end that membership first.")
        % {"person": person, "household": active.household},
        field="person",
        code="already_in_household",
    )


@transaction.atomic
def household_create(
    *,
    actor: Membership,
    territory: Territory,
    name: str = "",
    address: str = "",
    members: list[NewMember] | tuple[NewMember, ...] = (),
) -> Household:
    """Register a household with its members; a person already in another household is refused."""
    require_territory(actor, territory)
    household = Household.objects.create(
        organisation_id=actor.organisation_id, territory=territory, name=name.strip(), address=address.strip()
    )
    seen: set[int] = set()
    for member in members:
        if member.person.pk in seen:
            raise DomainError(_("The same person is listed twice."), field="person")
        seen.add(member.person.pk)
        household_member_add(
            actor=actor,
            household=household,
            person=member.person,
            relationship=member.relationship,
            start_date=member.start_date,
        )
    return household


@transaction.atomic
def household_update(
    *, actor: Membership, household: Household, name: str, address: str, territory: Territory
) -> Household:
    require_record(actor, household)
    require_territory(actor, territory)
    household.name = name.strip()
    household.address = address.strip()
    household.territory = territory
    household.save()
    return household


@transaction.atomic
def household_member_add(
    *,
    actor: Membership,
    household: Household,
    person: Person,
    relationship: str,
    start_date: datetime.date | None = None,
) -> HouseholdMember:
    """Add a person to a household. A person is an active member of one household at a time
    (checked here and by a conditional unique constraint)."""
    require_record(actor, household)
    require_record(actor, person)
    if relationship not in HouseholdMember.Relationship.values:
        raise ValidationFailed({"relationship": [_("Choose the relationship from the list.")]})
    day = start_date or timezone.localdate()
    if day < person.birth_date:
        raise ValidationFailed({"start_date": [_("A membership cannot start before the person was born.")]})
    Person.objects.select_for_update().filter(pk=person.pk).first()
    active = person_active_membership(person=person)
    if active is not None:
        raise _already_member(person, active)
    try:
        with transaction.atomic():
            return HouseholdMember.objects.create(
                household=household, person=person, relationship=relationship, start_date=day
            )
    except IntegrityError as error:
        raise Conflict(
            _("%(person)s has just been added to another household.") % {"person": person}, field="person"
        ) from error


@transaction.atomic
def household_member_end(
    *, actor: Membership, member: HouseholdMember, end_date: datetime.date | None = None
) -> HouseholdMember:
    """The person leaves the household on ``end_date`` (today by default)."""
    require_record(actor, member.household)
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    if member.end_date is not None:
        raise Conflict(_("This membership has already ended."))
    day = end_date or timezone.localdate()
    if day < member.start_date:
        raise ValidationFailed({"end_date": [_("A membership cannot end before it started.")]})
    member.end_date = day
    member.save(update_fields=["end_date"])
    return member


def isee_errors(
    *,
    dsu_protocol: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
    amounts: dict[str, Decimal],
    equivalence_scale: Decimal,
    kind: str,
) -> dict[str, list[str]]:
    """Field errors of an attestation as typed: the figures are stored as printed, never recomputed."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(DSU_PROTOCOL_PATTERN, dsu_protocol):
        errors["dsu_protocol"] = [str(_("Write the DSU protocol as INPS printed it: INPS-ISEE-YYYY-NNNNNNNNN-NN."))]
    if kind not in IseeAttestation.Kind.values:
        errors["kind"] = [str(_("Choose the kind of ISEE from the list."))]
    if issued_on > today:
        errors["issued_on"] = [str(_("An attestation cannot be issued in the future."))]
    if expires_on < issued_on:
        errors["expires_on"] = [str(_("The attestation expires before it was issued."))]
    elif expires_on < today:
        errors["expires_on"] = [str(_("This attestation has expired: ask the household for a new one."))]
    for name, value in amounts.items():
        if value < 0:
            errors[name] = [str(_("An amount cannot be negative."))]
    if equivalence_scale < 1:
        errors["equivalence_scale"] = [str(_("The equivalence scale is at least 1.00."))]
    return errors


@transaction.atomic
def isee_attestation_add(
    *,
    actor: Membership,
    household: Household,
    kind: str,
    isee: Decimal,
    ise: Decimal,
    isr: Decimal,
    isp: Decimal,
    equivalence_scale: Decimal,
    dsu_protocol: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
) -> IseeAttestation:
    """Store an INPS attestation as printed. Refused: malformed DSU protocol, expired, issued in the
    future, the same protocol twice."""
    require_record(actor, household)
    dsu_protocol = dsu_protocol.strip().upper()
    amounts = {"isee": isee, "ise": ise, "isr": isr, "isp": isp}
    errors = isee_errors(
        dsu_protocol=dsu_protocol,
        issued_on=issued_on,
        expires_on=expires_on,
        amounts=amounts,
        equivalence_scale=equivalence_scale,
        kind=kind,
    )
    if errors:
        raise ValidationFailed(errors)
    if IseeAttestation.objects.filter(household=household, dsu_protocol=dsu_protocol).exists():
        raise DomainError(
            _("This attestation is already recorded for the household."), field="dsu_protocol", code="duplicate_dsu"
        )
    return IseeAttestation.objects.create(
        household=household,
        kind=kind,
        equivalence_scale=equivalence_scale,
        dsu_protocol=dsu_protocol,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=actor.user,
        **amounts,
    )
