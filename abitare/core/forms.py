"""Form parts every module's pages share: date widgets that browsers understand in any language,
a service's refusal shown on the form that asked for the change, and the submit step every
form page repeats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django import forms

from abitare.core.exceptions import DomainError

T = TypeVar("T")


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


class Submitted(Generic[T]):
    """What :func:`submit` did: true when the service accepted the form; ``value`` is what it
    returned."""

    def __init__(self, ok: bool, value: T | None = None) -> None:
        self.ok = ok
        self._value = value

    def __bool__(self) -> bool:
        return self.ok

    @property
    def value(self) -> T:
        assert self.ok, "a refused form has no value"
        return self._value  # type: ignore[return-value]


def submit(
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], T],
    field_for: Callable[[str], str | None] | None = None,
) -> Submitted[T]:
    """Call the service with the form's cleaned data when the form is bound and valid; a
    :class:`DomainError` goes on the form (see :func:`add_domain_error`) and nothing else
    happens. The view then redirects on success or renders the form again."""
    if not form.is_bound or not form.is_valid():
        return Submitted(False)
    try:
        value = action(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error, field_for)
        return Submitted(False)
    return Submitted(True, value)
