"""Writes on the rent ledger, one post at a time: a month's charge, payments, reversals and
corrections, community work, write-offs. The month's charges of every tenancy and the payments of a
bank statement are posted in bulk by ``services.ledger_batch``.

Every write adds rows; nothing here updates or deletes an entry. Posts on one tenancy are
serialised by a row lock on the tenancy; the monthly charges rely on a unique constraint.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.tenancies import accounting
from abitare.tenancies.models import LedgerEntry, Tenancy, WriteOffRequest
from abitare.tenancies.permissions import is_coordinator_for
from abitare.tenancies.services._common import lock_tenancy, positive_amount, required_text, today
from abitare.tenancies.services._entries import (
    Kind,
    Source,
    balance_of,
    charge_for,
    lock_month,
    month_description,
    new_entry,
)


@transaction.atomic
def charge_post(*, actor: Membership, tenancy: Tenancy, month: datetime.date) -> LedgerEntry:
    """Charge one month by hand (a month the task missed); refused outside the tenancy or twice."""
    first = accounting.month_start(month)
    lock_month(first)
    tenancy = lock_tenancy(tenancy)
    amount = charge_for(tenancy, first)
    if amount is None:
        raise DomainError(
            _("%(month)s is outside the tenancy, which runs from %(start)s to %(end)s.")
            % {
                "month": first.strftime("%m/%Y"),
                "start": tenancy.starts_on.strftime("%d/%m/%Y"),
                "end": tenancy.last_day.strftime("%d/%m/%Y") if tenancy.last_day else "…",
            },
            field="month",
            code="month_outside_tenancy",
        )
    if amount <= 0:
        raise DomainError(_("There is nothing to charge for this month."), field="month", code="nothing_to_charge")
    if LedgerEntry.objects.filter(tenancy=tenancy, kind=Kind.CHARGE, month=first, corrects__isnull=True).exists():
        raise Conflict(_("This month is already charged."), field="month", code="month_already_charged")
    entry = new_entry(
        tenancy,
        kind=Kind.CHARGE,
        amount=amount,
        value_date=accounting.due_date(first, tenancy.due_day),
        due_on=accounting.due_date(first, tenancy.due_day),
        month=first,
        description=month_description(tenancy, first, amount),
        source=Source.MANUAL,
        created_by=actor.user,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise Conflict(_("This month is already charged."), field="month", code="month_already_charged") from error
    return entry


@transaction.atomic
def payment_record(
    *,
    actor: Membership,
    tenancy: Tenancy,
    amount: Decimal | int | str,
    value_date: datetime.date,
    reference: str = "",
    payer_iban: str = "",
    source: str = Source.MANUAL,
    source_ref: str = "",
    description: str = "",
) -> LedgerEntry:
    """Record a payment received (by hand or from a bank statement line); refused when the amount
    is not above zero or when the same bank line (``source_ref``) was already recorded."""
    value = positive_amount(amount)
    if source not in Source.values:
        raise DomainError(_("Unknown source."), field="source", code="source_invalid")
    tenancy = lock_tenancy(tenancy)
    if (
        source_ref
        and LedgerEntry.objects.filter(
            organisation_id=tenancy.organisation_id, source=source, source_ref=source_ref
        ).exists()
    ):
        raise Conflict(_("This payment is already recorded."), field="source_ref", code="already_recorded")
    entry = new_entry(
        tenancy,
        kind=Kind.PAYMENT,
        amount=value,
        value_date=value_date,
        reference=reference[:200],
        payer_iban=payer_iban.replace(" ", "").upper()[:34],
        source=source,
        source_ref=source_ref[:200],
        description=(description or str(_("Payment")))[:300],
        created_by=actor.user,
    )
    entry.save()
    return entry


@transaction.atomic
def community_work_credit(
    *,
    actor: Membership,
    tenancy: Tenancy,
    amount: Decimal | int | str,
    value_date: datetime.date,
    description: str,
    source_ref: str,
) -> LedgerEntry:
    """Credit the value of community-work hours to the rent ledger (called by the restitution
    records); ``source_ref`` names the record, so a record is credited once."""
    value = positive_amount(amount)
    tenancy = lock_tenancy(tenancy)
    if (
        source_ref
        and LedgerEntry.objects.filter(
            organisation_id=tenancy.organisation_id, source=Source.COMMUNITY_WORK, source_ref=source_ref
        ).exists()
    ):
        raise Conflict(_("These hours are already credited."), field="source_ref", code="already_recorded")
    entry = new_entry(
        tenancy,
        kind=Kind.COMMUNITY_WORK,
        amount=value,
        value_date=value_date,
        description=(description or str(_("Community work")))[:300],
        source=Source.COMMUNITY_WORK,
        source_ref=source_ref[:200],
        created_by=actor.user,
    )
    entry.save()
    return entry


@transaction.atomic
def entry_reverse(
    *, actor: Membership, entry: LedgerEntry, reason: str, value_date: datetime.date | None = None
) -> LedgerEntry:
    """Cancel an entry with a new entry of the opposite sign and a reason. An entry is reversed
    once (a unique link); a reversal is not reversed (post the entry again); reversing a
    write-off needs a coordinator."""
    text = required_text(reason, field="reason")
    lock_tenancy(entry.tenancy)
    entry = LedgerEntry.objects.select_related("tenancy").get(pk=entry.pk)
    if entry.kind == Kind.REVERSAL:
        raise DomainError(
            _("A reversal cannot be reversed: record the original entry again."), code="reversal_of_reversal"
        )
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry is already reversed."), code="already_reversed")
    if entry.kind == Kind.WRITE_OFF and not is_coordinator_for(
        actor, entry.organisation_id, entry.tenancy.territory.path
    ):
        raise NotAllowed(_("Only a coordinator can reverse a write-off."), code="coordinator_only")
    reversal = new_entry(
        entry.tenancy,
        kind=Kind.REVERSAL,
        amount=Decimal(entry.amount),
        reverses=entry,
        value_date=value_date or today(),
        description=str(
            _("Reversal of: %(description)s") % {"description": entry.description or entry.get_kind_display()}
        )[:300],
        reason=text,
        created_by=actor.user,
    )
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError as error:
        raise Conflict(_("This entry is already reversed."), code="already_reversed") from error
    return reversal


@transaction.atomic
def charge_correct(*, actor: Membership, entry: LedgerEntry, amount: Decimal | int | str, reason: str) -> LedgerEntry:
    """Replace a monthly charge with the right amount: reverse it, then post the corrected charge."""
    value = positive_amount(amount)
    if entry.kind != Kind.CHARGE:
        raise DomainError(_("Only a charge can be corrected."), code="not_a_charge")
    entry_reverse(actor=actor, entry=entry, reason=reason, value_date=entry.value_date)
    corrected = new_entry(
        entry.tenancy,
        kind=Kind.CHARGE,
        amount=value,
        value_date=entry.value_date,
        due_on=entry.due_on,
        month=entry.month,
        description=entry.description,
        corrects=entry,
        reason=reason.strip(),
        source=Source.MANUAL,
        created_by=actor.user,
    )
    corrected.save()
    return corrected


@transaction.atomic
def write_off_request(
    *, actor: Membership, tenancy: Tenancy, amount: Decimal | int | str, reason: str
) -> WriteOffRequest:
    """Ask a coordinator to write off part of what the household owes (at most the balance)."""
    value = positive_amount(amount)
    text = required_text(reason, field="reason")
    tenancy = lock_tenancy(tenancy)
    owed = balance_of(tenancy)
    if value > owed:
        raise DomainError(
            _("The household owes %(owed)s €: a larger amount cannot be written off.") % {"owed": owed},
            field="amount",
            code="more_than_owed",
        )
    return WriteOffRequest.objects.create(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        amount=value,
        reason=text,
        requested_by=actor.user,
    )


def _pending_request(request: WriteOffRequest, actor: Membership) -> WriteOffRequest:
    locked = WriteOffRequest.objects.select_for_update().select_related("tenancy__territory").get(pk=request.pk)
    if not is_coordinator_for(actor, locked.organisation_id, locked.tenancy.territory.path):
        raise NotAllowed(_("Only a coordinator can decide on a write-off."), code="coordinator_only")
    if locked.status != WriteOffRequest.Status.PENDING:
        raise Conflict(_("This request has already been decided."), code="already_decided")
    return locked


@transaction.atomic
def write_off_approve(*, actor: Membership, request: WriteOffRequest, note: str = "") -> WriteOffRequest:
    """A coordinator approves the write-off: the credit is posted now, with the request's reason."""
    locked = _pending_request(request, actor)
    tenancy = lock_tenancy(locked.tenancy)
    owed = balance_of(tenancy)
    if Decimal(locked.amount) > owed:
        raise Conflict(
            _("The household now owes %(owed)s €, less than the amount to write off.") % {"owed": owed},
            code="more_than_owed",
        )
    entry = new_entry(
        tenancy,
        kind=Kind.WRITE_OFF,
        amount=Decimal(locked.amount),
        value_date=today(),
        description=str(_("Write-off approved")),
        reason=locked.reason,
        source=Source.WRITE_OFF,
        created_by=actor.user,
    )
    entry.save()
    locked.status = WriteOffRequest.Status.APPROVED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.entry = entry
    locked.save()
    return locked


@transaction.atomic
def write_off_reject(*, actor: Membership, request: WriteOffRequest, note: str) -> WriteOffRequest:
    """A coordinator turns the request down, saying why; the ledger is unchanged."""
    locked = _pending_request(request, actor)
    locked.status = WriteOffRequest.Status.REJECTED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.decision_note = required_text(note, field="note")
    locked.save()
    return locked
