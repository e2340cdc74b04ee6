"""How a rent-ledger entry is made, for the ledger services: its sign from its kind, the month's
charge of a tenancy and its description, the balance, and the lock of a month's charges."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from abitare.core.money import euro
from abitare.tenancies import accounting
from abitare.tenancies.models import LedgerEntry, Tenancy

Kind = LedgerEntry.Kind
Source = LedgerEntry.Source
CHARGES_LOCK = 0x7E4A  # first key of the advisory lock taken while a month's charges are issued


def signed(kind: str, amount: Decimal, *, reverses: LedgerEntry | None = None) -> Decimal:
    if kind == Kind.REVERSAL:
        assert reverses is not None
        return -Decimal(reverses.signed_amount)
    return amount if kind in LedgerEntry.DEBIT_KINDS else -amount


def new_entry(tenancy: Tenancy, *, kind: str, amount: Decimal, **fields: Any) -> LedgerEntry:
    """An unsaved entry of the tenancy, with its sign derived from the kind."""
    return LedgerEntry(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        kind=kind,
        amount=amount,
        signed_amount=signed(kind, amount, reverses=fields.get("reverses")),
        **fields,
    )


def balance_of(tenancy: Tenancy) -> Decimal:
    total = LedgerEntry.objects.filter(tenancy=tenancy).aggregate(total=Sum("signed_amount"))["total"]
    return euro(total or 0)


def month_description(tenancy: Tenancy, month: datetime.date, amount: Decimal) -> str:
    return str(_("Rent and service charges %(month)s") % {"month": month.strftime("%m/%Y")})


def charge_for(tenancy: Tenancy, month: datetime.date) -> Decimal | None:
    return accounting.month_charge(
        monthly=tenancy.monthly_amount, starts_on=tenancy.starts_on, last_day=tenancy.last_day, month=month
    )


def lock_month(month: datetime.date) -> None:
    """Serialise the runs issuing one month (PostgreSQL advisory lock until commit), so each run's
    count of added charges is exact; SQLite serialises writers by itself. The unique constraint,
    not this lock, is what guarantees one charge per month."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHARGES_LOCK, month.year * 100 + month.month])
