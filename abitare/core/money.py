"""Money is Decimal in euro with two places; never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


def euro(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half up (the convention of Italian invoices and ledgers)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):  # type: ignore[type-arg]
    """An amount in euro: 12 digits, 2 decimal places."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("help_text", _("Euro, two decimal places."))
        super().__init__(*args, **kwargs)
