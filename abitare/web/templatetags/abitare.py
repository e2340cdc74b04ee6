"""Small template helpers for the shell: form fields rendered the Bootstrap Italia way, the
one-time token of forms that must take effect once."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField, CheckboxInput, Select
from django.urls import resolve, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from abitare.core.access import rule_of
from abitare.core.exports import page_params
from abitare.core.idempotency import FORM_FIELD, token_new

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


@register.simple_tag
def submission_token() -> SafeString:
    """The hidden one-time token of a form whose view is ``@submitted_once`` (a new one each time
    the form is shown)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, token_new())


@register.inclusion_tag("web/components/export_links.html", takes_context=True)
def export_links(context: template.Context) -> dict[str, Any]:
    """Links that take away what the list's filters show, as CSV and XLSX (``?export=``)."""
    request = context["request"]
    params = page_params(request.GET)
    links = []
    for file_format, label in (("xlsx", "XLSX"), ("csv", "CSV")):
        query = params.copy()
        query["export"] = file_format
        links.append((label, f"?{query.urlencode()}"))
    return {"links": links}


@register.simple_tag(takes_context=True)
def allowed_url(context: template.Context, name: str, *args: Any) -> str:
    """The URL of ``name`` when the current role may open that page, else "": pages show no link,
    button or breadcrumb to a page the role is refused (``{% allowed_url ... as url %}``)."""
    url = reverse(name, args=args)
    rule = rule_of(resolve(url.split("?")[0]).func)
    request = context.get("request")
    return url if rule is not None and request is not None and rule.allows(request) else ""


@register.simple_tag(takes_context=True)
def household_link(context: template.Context, household: Any) -> SafeString:
    """The household's name, linked to its file when the role may open it."""
    if household is None:
        return format_html("{}", "—")
    url = allowed_url(context, "registry:household-detail", household.pk)
    if not url:
        return format_html("{}", household)
    return format_html('<a href="{}">{}</a>', url, household)
