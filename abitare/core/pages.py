"""The two shapes every module's pages repeat, written once (ADR 0006).

* :func:`form_page`: show a form; on POST hand its cleaned data to a service; a refusal goes back
  on the form and nothing is saved (status 400); success shows a message and redirects.
* :func:`act`: a button (POST) that calls a service and redirects with a message, whether the
  service agreed or refused.

Both take the service as a closure, so the view stays the place that says *which* membership acts
(``request.membership``) and the rules stay in the service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from abitare.core.exceptions import DomainError
from abitare.core.forms import submit

T = TypeVar("T")

FORM_TEMPLATE = "core/form_page.html"

#: Where the page sits: ``(label, url)`` from the outermost parent to the page's own parent. The
#: last one is where "Cancel" leads.
Trail = Sequence[tuple[str, str]]

#: Where to go after success: a URL (or URL name) or a function of what the service returned.
Destination = str | Callable[[Any], str]


def _url(destination: Destination, value: Any) -> str:
    return destination(value) if callable(destination) else destination


def _message(text: str | Callable[[Any], str], value: Any) -> str:
    return text(value) if callable(text) else text


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    heading: str,
    trail: Trail,
    save: Callable[[dict[str, Any]], T],
    done: Destination,
    success: str | Callable[[T], str],
    intro: str = "",
    submit_label: str = "",
    field_for: Callable[[str], str | None] | None = None,
    template: str = FORM_TEMPLATE,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A form page: GET shows ``form``; a valid POST calls ``save(cleaned_data)``.

    ``done`` and ``success`` may be functions of what ``save`` returned (the new record's page, a
    message naming it). A :class:`DomainError` from the service goes on the form's fields
    (``field_for`` maps names the form spells differently) and the page answers 400, as it does
    for invalid input. ``submit_label`` names the button when "Save" says too little;
    ``template`` may extend ``core/form_page.html`` to add blocks."""
    if request.method == "POST":
        result = submit(form, save, field_for)
        if result:
            messages.success(request, _message(success, result.value))
            return redirect(_url(done, result.value))
    page = {
        "form": form,
        "heading": heading,
        "trail": list(trail),
        "cancel_url": trail[-1][1] if trail else "",
        "intro": intro,
        "submit_label": submit_label,
        **(context or {}),
    }
    return render(request, template, page, status=400 if request.method == "POST" else 200)


def act(
    request: HttpRequest,
    perform: Callable[[], T],
    *,
    done: Destination,
    success: str | Callable[[T], str],
    form: forms.BaseForm | None = None,
    invalid: str = "",
) -> HttpResponse:
    """A button that changes something: call ``perform()`` and redirect to ``done``.

    With a ``form`` (a reason, a date), an invalid one is refused with ``invalid`` (or the form's
    first error) before the service is called. The service's refusal is shown as an error message
    and the redirect goes to ``done`` evaluated with ``None``."""
    if form is not None and not form.is_valid():
        first = next((str(error) for errors in form.errors.values() for error in errors), "")
        messages.error(request, invalid or first)
        return redirect(_url(done, None))
    try:
        value = perform()
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_url(done, None))
    messages.success(request, _message(success, value))
    return redirect(_url(done, value))
