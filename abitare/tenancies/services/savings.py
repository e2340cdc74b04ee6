"""Writes on the savings account of service contracts: deposits, payouts, reversals.

The balance never goes below zero: each write locks the tenancy row, computes the balance and
refuses an entry that would overdraw it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.money import euro
from abitare.tenancies import accounting, contracts
from abitare.tenancies.models import SavingsEntry, Tenancy
from abitare.tenancies.services._common import lock_tenancy, positive_amount, required_text, today

Kind = SavingsEntry.Kind


def savings_balance(*, tenancy: Tenancy, at: datetime.date | None = None) -> Decimal:
    entries = SavingsEntry.objects.filter(tenancy=tenancy)
    if at is not None:
        entries = entries.filter(value_date__lte=at)
    return euro(entries.aggregate(total=Sum("signed_amount"))["total"] or 0)


def _new(tenancy: Tenancy, *, kind: str, amount: Decimal, signed: Decimal, **fields: object) -> SavingsEntry:
    entry = SavingsEntry(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        kind=kind,
        amount=amount,
        signed_amount=signed,
        **fields,
    )
    entry.save()
    return entry


def _refuse_overdraft(tenancy: Tenancy, change: Decimal, value_date: datetime.date) -> None:
    # The change applies from its value date on: every later end-of-day balance must stay >= 0.
    movements = [
        accounting.Movement(id=pk, value_date=day, signed_amount=signed)
        for pk, day, signed in SavingsEntry.objects.filter(tenancy=tenancy).values_list(
            "pk", "value_date", "signed_amount"
        )
    ]
    lowest = accounting.lowest_balance_from(movements, value_date)
    if lowest + change < 0:
        raise DomainError(
            _("The savings balance available on that date is %(balance)s €: it cannot go below zero.")
            % {"balance": lowest},
            field="amount",
            code="savings_overdrawn",
        )


@transaction.atomic
def savings_deposit(
    *,
    actor: Membership,
    tenancy: Tenancy,
    amount: Decimal | int | str,
    value_date: datetime.date,
    month: datetime.date | None = None,
    description: str = "",
) -> SavingsEntry:
    """Record a deposit on the savings account of a contract that has one."""
    value = positive_amount(amount)
    tenancy = lock_tenancy(tenancy)
    if not contracts.rule_for(tenancy.contract_type).savings and not tenancy.savings_deposit:
        raise DomainError(_("This contract has no savings account."), code="no_savings_account")
    return _new(
        tenancy,
        kind=Kind.DEPOSIT,
        amount=value,
        signed=value,
        value_date=value_date,
        month=accounting.month_start(month) if month else None,
        description=(description or str(_("Monthly savings deposit")))[:300],
        created_by=actor.user,
    )


@transaction.atomic
def savings_payout(
    *,
    actor: Membership,
    tenancy: Tenancy,
    amount: Decimal | int | str,
    value_date: datetime.date,
    funds: str,
    description: str = "",
) -> SavingsEntry:
    """Pay savings out to the household, naming what they fund; never more than the balance."""
    value = positive_amount(amount)
    if funds not in SavingsEntry.Funds.values:
        raise DomainError(_("Say what the payout funds."), field="funds", code="funds_required")
    tenancy = lock_tenancy(tenancy)
    _refuse_overdraft(tenancy, -value, value_date)
    return _new(
        tenancy,
        kind=Kind.PAYOUT,
        amount=value,
        signed=-value,
        value_date=value_date,
        funds=funds,
        description=(description or str(_("Savings paid out")))[:300],
        created_by=actor.user,
    )


@transaction.atomic
def savings_entry_reverse(*, actor: Membership, entry: SavingsEntry, reason: str) -> SavingsEntry:
    """Cancel a savings entry with its opposite, once; refused if it would overdraw the account."""
    text = required_text(reason, field="reason")
    tenancy = lock_tenancy(entry.tenancy)
    entry = SavingsEntry.objects.get(pk=entry.pk)
    if entry.kind == Kind.REVERSAL:
        raise DomainError(
            _("A reversal cannot be reversed: record the original entry again."), code="reversal_of_reversal"
        )
    if SavingsEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry is already reversed."), code="already_reversed")
    signed = -Decimal(entry.signed_amount)
    when = today()
    _refuse_overdraft(tenancy, signed, when)
    try:
        with transaction.atomic():
            return _new(
                tenancy,
                kind=Kind.REVERSAL,
                amount=Decimal(entry.amount),
                signed=signed,
                value_date=when,
                reverses=entry,
                reason=text,
                description=str(_("Reversal of: %(description)s") % {"description": entry.description})[:300],
                created_by=actor.user,
            )
    except IntegrityError as error:
        raise Conflict(_("This entry is already reversed."), code="already_reversed") from error
