"""Writes on the rent ledger: monthly charges, payments, reversals, community work, write-offs.

Every write adds rows; nothing here updates or deletes an entry. Posts on one tenancy are
serialised by a row lock on the tenancy; the monthly charges rely on a unique constraint.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.money import euro
from abitare.tenancies import accounting
from abitare.tenancies.models import LedgerEntry, Tenancy, WriteOffRequest
from abitare.tenancies.permissions import is_coordinator_for
from abitare.tenancies.services._common import lock_tenancy, positive_amount, required_text, today

Kind = LedgerEntry.Kind
Source = LedgerEntry.Source
CHARGES_LOCK = 0x7E4A  # first key of the advisory lock taken while a month's charges are issued


def _signed(kind: str, amount: Decimal, *, reverses: LedgerEntry | None = None) -> Decimal:
    if kind == Kind.REVERSAL:
        assert reverses is not None
        return -Decimal(reverses.signed_amount)
    return amount if kind in LedgerEntry.DEBIT_KINDS else -amount


def _entry(tenancy: Tenancy, *, kind: str, amount: Decimal, **fields: Any) -> LedgerEntry:
    """An unsaved entry of the tenancy, with its sign derived from the kind."""
    return LedgerEntry(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        kind=kind,
        amount=amount,
        signed_amount=_signed(kind, amount, reverses=fields.get("reverses")),
        **fields,
    )


def _balance(tenancy: Tenancy) -> Decimal:
    total = LedgerEntry.objects.filter(tenancy=tenancy).aggregate(total=Sum("signed_amount"))["total"]
    return euro(total or 0)


def _month_description(tenancy: Tenancy, month: datetime.date, amount: Decimal) -> str:
    return str(_("Rent and service charges %(month)s") % {"month": month.strftime("%m/%Y")})


def _charge_for(tenancy: Tenancy, month: datetime.date) -> Decimal | None:
    return accounting.month_charge(
        monthly=tenancy.monthly_amount, starts_on=tenancy.starts_on, last_day=tenancy.last_day, month=month
    )


def _lock_month(month: datetime.date) -> None:
    """Serialise the runs issuing one month (PostgreSQL advisory lock until commit), so each run's
    count of added charges is exact; SQLite serialises writers by itself. The unique constraint,
    not this lock, is what guarantees one charge per month."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHARGES_LOCK, month.year * 100 + month.month])


@transaction.atomic
def charges_issue_month(*, month: datetime.date, territory: Territory | None = None) -> int:
    """Charge every tenancy that runs in ``month`` its rent and service charges (pro rata in a
    partial month); return how many charges were added.

    Idempotent: the unique constraint (tenancy, month) lets the database drop a second charge,
    so running it twice, or twice at once on two workers, charges each month once.
    """
    first, last = accounting.month_start(month), accounting.month_end(month)
    _lock_month(first)
    tenancies = Tenancy.objects.filter(starts_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    tenancies = tenancies.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first) | Q(status=Tenancy.Status.ENDED))
    if territory is not None:
        tenancies = tenancies.filter(territory__path__startswith=territory.path)
    month_charges = LedgerEntry.objects.filter(kind=Kind.CHARGE, month=first, corrects__isnull=True)
    already = set(month_charges.values_list("tenancy_id", flat=True))
    entries = []
    for tenancy in tenancies.exclude(pk__in=already).iterator(chunk_size=2000):
        amount = _charge_for(tenancy, first)
        if amount is None or amount <= 0:
            continue
        entries.append(
            _entry(
                tenancy,
                kind=Kind.CHARGE,
                amount=amount,
                value_date=accounting.due_date(first, tenancy.due_day),
                due_on=accounting.due_date(first, tenancy.due_day),
                month=first,
                description=_month_description(tenancy, first, amount),
                source=Source.SCHEDULE,
            )
        )
    if not entries:
        return 0
    before = month_charges.count()
    LedgerEntry.objects.bulk_create(entries, batch_size=1000, ignore_conflicts=True)
    return month_charges.count() - before


@transaction.atomic
def charge_post(*, actor: Membership, tenancy: Tenancy, month: datetime.date) -> LedgerEntry:
    """Charge one month by hand (a month the task missed); refused outside the tenancy or twice."""
    first = accounting.month_start(month)
    _lock_month(first)
    tenancy = lock_tenancy(tenancy)
    amount = _charge_for(tenancy, first)
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
    entry = _entry(
        tenancy,
        kind=Kind.CHARGE,
        amount=amount,
        value_date=accounting.due_date(first, tenancy.due_day),
        due_on=accounting.due_date(first, tenancy.due_day),
        month=first,
        description=_month_description(tenancy, first, amount),
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
    entry = _entry(
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
    entry = _entry(
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
    reversal = _entry(
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
    corrected = _entry(
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
    owed = _balance(tenancy)
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
    owed = _balance(tenancy)
    if Decimal(locked.amount) > owed:
        raise Conflict(
            _("The household now owes %(owed)s €, less than the amount to write off.") % {"owed": owed},
            code="more_than_owed",
        )
    entry = _entry(
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


# --- Bulk payments (added by the payments import, issue 5 point 3) -------------------------------


@dataclass(frozen=True)
class NewPayment:
    """One payment for :func:`payments_record_many`, with the same fields as :func:`payment_record`."""

    tenancy_id: int
    amount: Decimal
    value_date: datetime.date
    source: str
    source_ref: str
    reference: str = ""
    payer_iban: str = ""
    description: str = ""


@transaction.atomic
def payments_record_many(*, actor: Membership, payments: list[NewPayment]) -> list[LedgerEntry]:
    """Record many payments at once (the matched credits of a bank statement), each as
    :func:`payment_record` would: refused whole when an amount is not above zero, a source is
    unknown or a bank line (``source_ref``) was already recorded. The tenancies are locked
    together, in id order, so two imports cannot deadlock. Returns the entries in order."""
    if not payments:
        return []
    values = [positive_amount(payment.amount) for payment in payments]
    if any(payment.source not in Source.values for payment in payments):
        raise DomainError(_("Unknown source."), field="source", code="source_invalid")
    ids = sorted({payment.tenancy_id for payment in payments})
    tenancies = {t.pk: t for t in Tenancy.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    refs = [payment.source_ref for payment in payments if payment.source_ref]
    if len(refs) != len(set(refs)):
        raise Conflict(_("This payment is already recorded."), field="source_ref", code="already_recorded")
    organisations = {tenancy.organisation_id for tenancy in tenancies.values()}
    for start in range(0, len(refs), 1000):
        if LedgerEntry.objects.filter(
            organisation_id__in=organisations,
            source__in={payment.source for payment in payments},
            source_ref__in=refs[start : start + 1000],
        ).exists():
            raise Conflict(_("This payment is already recorded."), field="source_ref", code="already_recorded")
    entries = [
        _entry(
            tenancies[payment.tenancy_id],
            kind=Kind.PAYMENT,
            amount=value,
            value_date=payment.value_date,
            reference=payment.reference[:200],
            payer_iban=payment.payer_iban.replace(" ", "").upper()[:34],
            source=payment.source,
            source_ref=payment.source_ref[:200],
            description=(payment.description or str(_("Payment")))[:300],
            created_by=actor.user,
        )
        for payment, value in zip(payments, values, strict=True)
    ]
    return LedgerEntry.objects.bulk_create(entries, batch_size=1000)
