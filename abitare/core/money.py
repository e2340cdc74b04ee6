"""Money is Decimal in euro with two places; never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


def euro(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half up (the convention of Italian invoices and ledgers)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | int | str | None) -> str:
    """An amount as people read it in the active language: "€ 2.340,00" in Italian, "€ 2,340.00"
    in English; a dash when there is none."""
    if value is None or value == "":
        return "–"
    amount = euro(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}€ {number_format(abs(amount), 2, use_l10n=True, force_grouping=True)}"


class MoneyField(models.DecimalField):  # type: ignore[type-arg]
    """An amount in euro: 12 digits, 2 decimal places."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("help_text", _("Euro, two decimal places."))
        super().__init__(*args, **kwargs)
