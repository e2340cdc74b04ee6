"""Reads of the rent ledger: balances (one SQL aggregate), statements, ageing, entries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from abitare.core.money import euro
from abitare.tenancies import accounting
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, WriteOffRequest


def movements_of(tenancy: Tenancy, *, until: datetime.date | None = None) -> list[accounting.Movement]:
    """The tenancy's entries as plain data for the pure core (one query, no model instances)."""
    entries = LedgerEntry.objects.filter(tenancy_id=tenancy.pk)
    if until is not None:
        entries = entries.filter(value_date__lte=until)
    rows = entries.order_by("value_date", "id").values_list(
        "id", "value_date", "signed_amount", "kind", "description", "due_on", "reverses_id", "reference"
    )
    return [
        accounting.Movement(
            id=pk,
            value_date=value_date,
            signed_amount=signed,
            kind=kind,
            description=description,
            due_on=due_on,
            reverses_id=reverses_id,
            reference=reference,
        )
        for pk, value_date, signed, kind, description, due_on, reverses_id, reference in rows
    ]


def balance_of(tenancy: Tenancy, *, at: datetime.date | None = None) -> Decimal:
    entries = LedgerEntry.objects.filter(tenancy_id=tenancy.pk)
    if at is not None:
        entries = entries.filter(value_date__lte=at)
    return euro(entries.aggregate(total=Sum("signed_amount"))["total"] or 0)


def balances_by_tenancy(
    *, tenancies: QuerySet[Tenancy] | None = None, at: datetime.date | None = None
) -> dict[int, Decimal]:
    """Every tenancy's balance in one ``GROUP BY`` (the arrears scan)."""
    entries = LedgerEntry.objects.all()
    if tenancies is not None:
        entries = entries.filter(tenancy__in=tenancies.values("pk"))
    if at is not None:
        entries = entries.filter(value_date__lte=at)
    rows = entries.order_by().values_list("tenancy_id").annotate(total=Sum("signed_amount"))
    return {tenancy_id: euro(total) for tenancy_id, total in rows}


def statement_for(
    tenancy: Tenancy, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> accounting.Statement:
    return accounting.statement(movements_of(tenancy, until=date_to), date_from=date_from, date_to=date_to)


def ageing_for(tenancy: Tenancy, at: datetime.date) -> accounting.Ageing:
    return accounting.ageing(movements_of(tenancy, until=at), at=at)


#: The author shown for lines no person entered (the monthly charges, the arrears scan).
SYSTEM = _("System")


@dataclass(frozen=True)
class EntryAuthor:
    """Who entered a ledger line and why (for the statement table)."""

    name: str
    reason: str


def entry_authors(*, ids: list[int]) -> dict[int, EntryAuthor]:
    rows = LedgerEntry.objects.filter(pk__in=ids).values_list(
        "pk", "created_by__first_name", "created_by__last_name", "created_by__username", "reason"
    )
    return {
        pk: EntryAuthor(name=" ".join(part for part in (first, last) if part) or username or str(SYSTEM), reason=reason)
        for pk, first, last, username, reason in rows
    }


def entry_list(*, tenancy: Tenancy) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(tenancy=tenancy)
        .select_related("created_by", "reverses")
        .order_by("value_date", "id")
    )


def entries_reversed(*, tenancy: Tenancy) -> set[int]:
    return set(
        LedgerEntry.objects.filter(tenancy=tenancy, reverses__isnull=False).values_list("reverses_id", flat=True)
    )


def savings_entry_list(*, tenancy: Tenancy) -> QuerySet[SavingsEntry]:
    return SavingsEntry.objects.filter(tenancy=tenancy).select_related("created_by").order_by("value_date", "id")


def savings_movements_of(tenancy: Tenancy) -> list[accounting.Movement]:
    rows = SavingsEntry.objects.filter(tenancy_id=tenancy.pk).values_list(
        "id", "value_date", "signed_amount", "kind", "description", "reverses_id"
    )
    return [
        accounting.Movement(id=pk, value_date=d, signed_amount=s, kind=k, description=desc, reverses_id=r)
        for pk, d, s, k, desc, r in rows
    ]


def write_off_requests_pending(*, tenancies: QuerySet[Tenancy]) -> QuerySet[WriteOffRequest]:
    return (
        WriteOffRequest.objects.filter(tenancy__in=tenancies.values("pk"), status=WriteOffRequest.Status.PENDING)
        .select_related("tenancy", "requested_by")
        .order_by("requested_at")
    )
