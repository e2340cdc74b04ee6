"""Form parts every module's pages share: date widgets that browsers understand in any language,
and a service's refusal shown on the form that asked for the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from abitare.core.exceptions import DomainError


class DateInput(forms.DateInput):
    """``<input type="date">`` always speaks ISO 8601, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """``<input type="month">``: a year and a month, ``2026-11``."""

    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m")


def add_domain_error(
    form: forms.BaseForm, error: DomainError, field_for: Callable[[str], str | None] | None = None
) -> None:
    """Put each of a service's refusals on the field it names when the form has that field, else
    on top of the form. A dotted name (``goal.title``) falls back to its last part;
    ``field_for`` maps names the form spells differently."""
    for key, messages in error.field_errors().items():
        if field_for is not None:
            target = field_for(key)
        elif key in form.fields:
            target = key
        else:
            last = key.rsplit(".", 1)[-1]
            target = last if last in form.fields else None
        for message in messages:
            form.add_error(target, message)
