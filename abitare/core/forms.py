"""Form parts every module's pages share: date widgets that browsers understand in any language,
a service's refusal shown on the form that asked for the change, and the submit step every
form page repeats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django import forms
from django.urls import reverse

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


def limit_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Set the records a choice field of ``form`` offers (its queryset), typed once here."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class LookupInput(forms.TextInput):
    """A text field that suggests records as the user types (htmx fills a ``<datalist>`` from
    the header search's providers, ``web:lookup``) and still accepts the code typed in full:
    a Codice Fiscale, a number, a tenancy's reference. ``kind`` is the records it suggests
    ("person", "household", "tenancy")."""

    template_name = "core/widgets/lookup.html"

    def __init__(self, kind: str, attrs: dict[str, Any] | None = None, *, number: bool = False) -> None:
        super().__init__(attrs)
        self.kind = kind
        # The field takes the record's number (its id) rather than its code.
        self.number = number

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-choices"
        widget["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": reverse("web:lookup", args=[self.kind]) + ("?number=1" if self.number else ""),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "name": name,
            }
        )
        widget["list_id"] = list_id
        return context


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
