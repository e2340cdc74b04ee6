"""Helpers shared by the tenancy services."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.core.exceptions import DomainError
from abitare.core.money import euro
from abitare.tenancies.models import Tenancy


def positive_amount(value: Any, *, field: str = "amount") -> Decimal:
    """A strictly positive amount in euro, or a clear refusal."""
    if isinstance(value, float):
        value = str(value)
    try:
        amount = euro(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise DomainError(_("Enter an amount in euro, e.g. 450.00."), field=field, code="amount_invalid") from error
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field, code="amount_not_positive")
    return amount


def lock_tenancy(tenancy: Tenancy) -> Tenancy:
    """The tenancy row, locked until the end of the transaction (serialises posts on one ledger)."""
    return Tenancy.objects.select_for_update().get(pk=tenancy.pk)


def required_text(value: str, *, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(_("Give the reason: it is kept with the entry."), field=field, code="reason_required")
    return text


def today() -> datetime.date:

    return timezone.localdate()
