"""Posts the system makes in bulk on the rent ledger: every tenancy's charge of a month (the
scheduled task) and the matched payments of a bank statement.

Like every ledger write they only add rows; see ``services.ledger`` for the posts one at a time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, DomainError
from abitare.tenancies import accounting
from abitare.tenancies.models import LedgerEntry, Tenancy
from abitare.tenancies.services._common import positive_amount
from abitare.tenancies.services._entries import Kind, Source, charge_for, lock_month, month_description, new_entry


@transaction.atomic
def charges_issue_month(*, month: datetime.date, territory: Territory | None = None) -> int:
    """Charge every tenancy that runs in ``month`` its rent and service charges (pro rata in a
    partial month); return how many charges were added.

    Idempotent: the unique constraint (tenancy, month) lets the database drop a second charge,
    so running it twice, or twice at once on two workers, charges each month once.
    """
    first, last = accounting.month_start(month), accounting.month_end(month)
    lock_month(first)
    tenancies = Tenancy.objects.filter(starts_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    tenancies = tenancies.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first) | Q(status=Tenancy.Status.ENDED))
    if territory is not None:
        tenancies = tenancies.filter(territory__path__startswith=territory.path)
    month_charges = LedgerEntry.objects.filter(kind=Kind.CHARGE, month=first, corrects__isnull=True)
    already = set(month_charges.values_list("tenancy_id", flat=True))
    entries = []
    for tenancy in tenancies.exclude(pk__in=already).iterator(chunk_size=2000):
        amount = charge_for(tenancy, first)
        if amount is None or amount <= 0:
            continue
        entries.append(
            new_entry(
                tenancy,
                kind=Kind.CHARGE,
                amount=amount,
                value_date=accounting.due_date(first, tenancy.due_day),
                due_on=accounting.due_date(first, tenancy.due_day),
                month=first,
                description=month_description(tenancy, first, amount),
                source=Source.SCHEDULE,
            )
        )
    if not entries:
        return 0
    before = month_charges.count()
    LedgerEntry.objects.bulk_create(entries, batch_size=1000, ignore_conflicts=True)
    return month_charges.count() - before


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
        new_entry(
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
