"""Writes of tenancies: create (from an accepted offer or by hand), renew, exit, release the unit."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.core.exceptions import Conflict, DomainError, ValidationFailed
from abitare.core.money import euro
from abitare.housing.models import Unit
from abitare.housing.services import unit_change_state
from abitare.matching.models import Allocation
from abitare.registry.models import Household
from abitare.tenancies import accounting, contracts
from abitare.tenancies.models import (
    ContractType,
    ExitDestination,
    LedgerEntry,
    SavingsEntry,
    Tenancy,
    TenancyExit,
    TenancyRenewal,
)
from abitare.tenancies.services._common import lock_tenancy, today
from abitare.tenancies.services.ledger import charge_correct, entry_reverse
from abitare.tenancies.services.savings import savings_balance, savings_payout

REFERENCE_PREFIX = "AB"

TERM_ERRORS = {
    "end_required": _("This contract type needs an end date."),
    "end_before_start": _("The end date is before the start date."),
    "too_short": _("This contract type lasts at least %(months)s months."),
    "too_long": _("This contract type lasts at most %(months)s months."),
}

# How a unit reaches "occupied" when a tenancy is entered by hand (allowed moves only).
_TO_OCCUPIED: dict[str, tuple[str, ...]] = {
    Unit.State.AVAILABLE: (Unit.State.OFFERED, Unit.State.OCCUPIED),
    Unit.State.OFFERED: (Unit.State.OCCUPIED,),
    Unit.State.OCCUPIED: (),
    Unit.State.VACATING: (Unit.State.AVAILABLE, Unit.State.OFFERED, Unit.State.OCCUPIED),
}


def _term_message(code: str, contract_type: str) -> str:
    rule = contracts.rule_for(contract_type)
    months = rule.min_months if code == "too_short" else rule.max_months
    return (
        str(TERM_ERRORS[code]) % {"months": months}
        if "%(months)s" in str(TERM_ERRORS[code])
        else str(TERM_ERRORS[code])
    )


def _check_overlap(
    unit: Unit, starts_on: datetime.date, ends_on: datetime.date | None, *, exclude: int | None = None
) -> None:
    """Refuse a second tenancy on the unit whose dates meet another's (the unit row is locked)."""
    others = Tenancy.objects.filter(unit=unit)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if ends_on is not None:
        others = others.filter(starts_on__lte=ends_on)
    clash = (
        others.filter(
            Q(status=Tenancy.Status.ACTIVE, ends_on__isnull=True)
            | Q(status=Tenancy.Status.ACTIVE, ends_on__gte=starts_on)
            | Q(status=Tenancy.Status.ENDED, ended_on__gte=starts_on)
        )
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise Conflict(
            _("The unit already has tenancy %(reference)s from %(start)s: the dates overlap.")
            % {"reference": clash.reference, "start": clash.starts_on.strftime("%d/%m/%Y")},
            field="starts_on",
            code="tenancy_overlap",
        )


def _reference(tenancy: Tenancy) -> str:
    return f"{REFERENCE_PREFIX}-{tenancy.starts_on.year}-{tenancy.pk:06d}"


@transaction.atomic
def tenancy_create(
    *,
    actor: Membership,
    organisation: Organisation,
    territory: Territory,
    unit: Unit,
    household: Household,
    contract_type: str,
    pathway: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    monthly_rent: Decimal | None = None,
    monthly_charges: Decimal | None = None,
    savings_deposit: Decimal | int | str = Decimal(0),
    due_day: int = 5,
    allocation: Any = None,
    occupy_unit: bool = True,
) -> Tenancy:
    """Enter a tenancy (for existing tenants, or from an allocation). Rent and charges default to
    the unit's; the end date to the contract type's term. Refused when another tenancy on the
    unit overlaps the dates (the unit row is locked while checking). The unit becomes occupied."""
    if contract_type not in ContractType.values:
        raise DomainError(_("Unknown contract type."), field="contract_type", code="contract_type_invalid")
    locked_unit = Unit.objects.select_for_update().select_related("building").get(pk=unit.pk)
    if locked_unit.building.organisation_id != organisation.pk or household.organisation_id != organisation.pk:
        raise DomainError(_("The unit and the household must belong to the agency."), code="other_organisation")
    if ends_on is None:
        ends_on = contracts.default_end(contract_type, starts_on)
    error = contracts.term_error(contract_type, starts_on, ends_on)
    if error is not None:
        raise DomainError(_term_message(error, contract_type), field="ends_on", code=f"term_{error}")
    rule = contracts.rule_for(contract_type)
    deposit = euro(savings_deposit or 0)
    if deposit < 0:
        raise DomainError(_("The amount cannot be negative."), field="savings_deposit", code="amount_negative")
    if rule.savings and deposit <= 0:
        raise DomainError(
            _("A service contract needs its monthly savings deposit."), field="savings_deposit", code="savings_required"
        )
    if not rule.savings and deposit > 0:
        raise DomainError(
            _("Only service contracts have a savings deposit."), field="savings_deposit", code="savings_not_allowed"
        )
    _check_overlap(locked_unit, starts_on, ends_on)
    tenancy = Tenancy(
        organisation=organisation,
        territory=territory,
        unit=locked_unit,
        household=household,
        allocation=allocation,
        contract_type=contract_type,
        pathway=pathway,
        reference=f"TMP-{uuid.uuid4().hex[:16]}",
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_rent=euro(monthly_rent if monthly_rent is not None else locked_unit.monthly_rent),
        monthly_charges=euro(monthly_charges if monthly_charges is not None else locked_unit.service_charges),
        savings_deposit=deposit,
        due_day=due_day,
        created_by=actor.user,
    )

    try:
        tenancy.full_clean(
            exclude=["reference", "unit", "household", "allocation", "organisation", "territory", "created_by"]
        )
    except ValidationError as failure:
        raise ValidationFailed(failure.message_dict) from failure
    try:
        with transaction.atomic():
            tenancy.save()
    except IntegrityError as failure:
        raise Conflict(_("The unit already has an open tenancy."), field="unit", code="tenancy_overlap") from failure
    tenancy.reference = _reference(tenancy)
    tenancy.save(update_fields=["reference"])
    if occupy_unit:
        if locked_unit.state not in _TO_OCCUPIED:
            raise Conflict(
                _("The unit is “%(state)s”: it cannot be let yet.") % {"state": locked_unit.get_state_display()},
                field="unit",
                code="unit_not_ready",
            )
        for state in _TO_OCCUPIED[locked_unit.state]:
            unit_change_state(actor=actor, unit=locked_unit, to_state=state, reason=f"tenancy {tenancy.reference}")
    return tenancy


@transaction.atomic
def tenancy_create_from_allocation(
    *,
    actor: Membership,
    allocation: Any,
    contract_type: str,
    ends_on: datetime.date | None = None,
    monthly_rent: Decimal | None = None,
    monthly_charges: Decimal | None = None,
    savings_deposit: Decimal | int | str = Decimal(0),
    due_day: int = 5,
) -> Tenancy:
    """The tenancy of an accepted offer: household, unit, start date and pathway come from the
    allocation (the unit is already occupied); one tenancy per allocation."""

    locked = (
        Allocation.objects.select_for_update().select_related("application", "unit", "household").get(pk=allocation.pk)
    )
    if locked.ended_on is not None:
        raise Conflict(_("This allocation has ended."), code="allocation_ended")
    if Tenancy.objects.filter(allocation=locked).exists():
        raise Conflict(_("This allocation already has its tenancy."), code="allocation_has_tenancy")
    return tenancy_create(
        actor=actor,
        organisation=locked.organisation,
        territory=locked.territory,
        unit=locked.unit,
        household=locked.household,
        contract_type=contract_type,
        pathway=locked.application.pathway,
        starts_on=locked.starts_on,
        ends_on=ends_on,
        monthly_rent=monthly_rent,
        monthly_charges=monthly_charges,
        savings_deposit=savings_deposit,
        due_day=due_day,
        allocation=locked,
        occupy_unit=locked.unit.state != Unit.State.OCCUPIED,
    )


@transaction.atomic
def tenancy_renew(*, actor: Membership, tenancy: Tenancy, note: str = "") -> Tenancy:
    """Extend the contract by its renewal term (3+2: two years; service: 18 months, once);
    refused for ended tenancies and contract types that cannot be renewed again."""
    locked = lock_tenancy(tenancy)
    if locked.status != Tenancy.Status.ACTIVE:
        raise Conflict(_("An ended tenancy cannot be renewed."), code="tenancy_ended")
    if locked.ends_on is None or not contracts.can_renew(locked.contract_type, locked.renewals):
        raise DomainError(_("This contract cannot be renewed again."), code="renewal_not_allowed")
    new_end = contracts.renewal_end(locked.contract_type, locked.ends_on)
    assert new_end is not None
    _check_overlap(locked.unit, locked.ends_on + datetime.timedelta(days=1), new_end, exclude=locked.pk)
    TenancyRenewal.objects.create(
        tenancy=locked,
        previous_ends_on=locked.ends_on,
        new_ends_on=new_end,
        note=note.strip()[:300],
        created_by=actor.user,
    )
    locked.ends_on = new_end
    locked.renewals += 1
    locked.save(update_fields=["ends_on", "renewals", "updated_at"])
    return locked


def _settle_charges_after_exit(actor: Membership, tenancy: Tenancy, exited_on: datetime.date) -> None:
    """Charges already issued past the exit: months after it are reversed, the exit month is
    brought to its share of days."""
    reason = str(_("Tenancy ended on %(date)s") % {"date": exited_on.strftime("%d/%m/%Y")})
    live = (
        LedgerEntry.objects.filter(
            tenancy=tenancy, kind=LedgerEntry.Kind.CHARGE, month__gte=accounting.month_start(exited_on)
        )
        .filter(reversed_by__isnull=True)
        .order_by("month", "id")
    )
    for charge in live:
        assert charge.month is not None
        due = accounting.month_charge(
            monthly=tenancy.monthly_amount, starts_on=tenancy.starts_on, last_day=exited_on, month=charge.month
        )
        if due is None or due <= 0:
            entry_reverse(actor=actor, entry=charge, reason=reason, value_date=max(charge.value_date, exited_on))
        elif due != charge.amount and charge.signed_amount == charge.amount:
            charge_correct(actor=actor, entry=charge, amount=due, reason=reason)


@transaction.atomic
def tenancy_exit(
    *,
    actor: Membership,
    tenancy: Tenancy,
    exited_on: datetime.date,
    destination: str,
    notes: str = "",
    savings_funds: str = "",
) -> TenancyExit:
    """Close a tenancy: record the exit and destination, pay out the whole savings balance to
    what it funds, settle charges issued past the exit, end the allocation, and move the unit
    from occupied to vacating. What is still owed stays on the ledger."""
    locked = lock_tenancy(tenancy)
    if locked.status != Tenancy.Status.ACTIVE:
        raise Conflict(_("This tenancy has already ended."), code="tenancy_ended")
    if destination not in ExitDestination.values:
        raise DomainError(_("Choose where the household is going."), field="destination", code="destination_required")
    if exited_on < locked.starts_on:
        raise DomainError(
            _("The exit date is before the tenancy started."), field="exited_on", code="exit_before_start"
        )
    if exited_on > today() + datetime.timedelta(days=366):
        raise DomainError(_("The exit date is too far in the future."), field="exited_on", code="exit_too_late")
    balance = savings_balance(tenancy=locked)
    if balance > 0:
        if savings_funds not in SavingsEntry.Funds.values:
            raise DomainError(
                _("Say what the savings paid out will fund."), field="savings_funds", code="funds_required"
            )
        last_movement = (
            SavingsEntry.objects.filter(tenancy=locked)
            .order_by("-value_date")
            .values_list("value_date", flat=True)
            .first()
        )
        savings_payout(
            actor=actor,
            tenancy=locked,
            amount=balance,
            value_date=max(exited_on, last_movement or exited_on),
            funds=savings_funds,
            description=str(_("Savings paid out at exit")),
        )
    locked.status = Tenancy.Status.ENDED
    locked.ended_on = exited_on
    locked.save(update_fields=["status", "ended_on", "updated_at"])
    _settle_charges_after_exit(actor, locked, exited_on)
    record = TenancyExit.objects.create(
        tenancy=locked, exited_on=exited_on, destination=destination, notes=notes.strip(), created_by=actor.user
    )
    if locked.allocation_id is not None:
        allocation = Allocation.objects.select_for_update().get(pk=locked.allocation_id)
        if allocation.ended_on is None:
            allocation.ended_on = exited_on
            allocation.save(update_fields=["ended_on"])
    unit = Unit.objects.get(pk=locked.unit_id)
    if unit.state == Unit.State.OCCUPIED:
        unit_change_state(actor=actor, unit=unit, to_state=Unit.State.VACATING, reason=f"exit {locked.reference}")
    return record


@transaction.atomic
def tenancy_release_unit(*, actor: Membership, tenancy: Tenancy) -> Unit:
    """After the keys are back: the unit of an ended tenancy goes from vacating to available."""
    locked = lock_tenancy(tenancy)
    if locked.status != Tenancy.Status.ENDED:
        raise Conflict(_("The tenancy has not ended yet."), code="tenancy_active")
    unit = Unit.objects.get(pk=locked.unit_id)
    if unit.state != Unit.State.VACATING:
        raise Conflict(_("The unit is not being vacated."), code="unit_not_vacating")
    return unit_change_state(
        actor=actor, unit=unit, to_state=Unit.State.AVAILABLE, reason=f"keys back {locked.reference}"
    )
