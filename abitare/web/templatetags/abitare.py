"""Small template helpers for the shell: form fields rendered the Bootstrap Italia way."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField, CheckboxInput, Select

register = template.Library()


@register.inclusion_tag("web/components/field.html")
def field(bound: BoundField, **attrs: Any) -> dict[str, Any]:
    widget = bound.field.widget
    css = "form-check-input" if isinstance(widget, CheckboxInput) else "form-control"
    widget_attrs: dict[str, Any] = {"class": css, **attrs}
    if bound.errors:
        widget_attrs["class"] += " is-invalid"
        widget_attrs["aria-invalid"] = "true"
        widget_attrs["aria-describedby"] = f"{bound.auto_id}-errors"
    elif bound.help_text:
        widget_attrs["aria-describedby"] = f"{bound.auto_id}-help"
    return {
        "field": bound,
        "widget": bound.as_widget(attrs=widget_attrs),
        "is_checkbox": isinstance(widget, CheckboxInput),
        "is_select": isinstance(widget, Select),
    }
