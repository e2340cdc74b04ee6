"""The shell's own pages: public home, work list, language switch, task progress, errors."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from abitare.accounts.http import HtmxRequest
from abitare.accounts.models import Membership
from abitare.accounts.permissions import STAFF, membership_of
from abitare.core.access import AUTHENTICATED, PUBLIC, access
from abitare.core.audit import log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.core.exports import export_file
from abitare.core.extensions import (
    dashboard_for,
    lookup_for,
    search_for,
    work_kind_label,
    worklist_for,
    worklist_grouped,
)
from abitare.core.figures import Figure
from abitare.core.selectors import progress_get
from abitare.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from abitare.web.dashboard import figure_views, work_groups


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@access(PUBLIC)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


@access(PUBLIC)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@access(STAFF)
def search(request: HtmxRequest) -> HttpResponse:
    """The header's search: persons, households, tenancies, units and labs within the user's scope,
    grouped by kind; with htmx only the list of results (the header's suggestions)."""
    query = (request.GET.get("q") or "").strip()
    hits = search_for(request, query)
    records = [hit.record for hit in hits if hit.record is not None]
    membership = membership_of(request)
    if records and membership is not None:
        log_reads(request, records, purpose="search", actor=membership)
    groups: dict[str, list[Any]] = {}
    for hit in hits:
        groups.setdefault(str(hit.kind), []).append(hit)
    context = {"query": query, "groups": groups, "hits": hits}
    template = "web/search.html#results" if request.htmx else "web/search.html"
    return render(request, template, context)


@access(STAFF)
def lookup(request: HttpRequest, kind: str) -> HttpResponse:
    """The options of a form's lookup field (core.forms.LookupInput): records of one kind in the
    user's scope whose name or code starts with what was typed; each option's value is what the
    field accepts."""
    number = request.GET.get("number") == "1"
    query = ""
    for name in request.GET:
        if name != "number":
            query = (request.GET.get(name) or "").strip()  # the field's own name: the one parameter htmx sends
    hits = lookup_for(request, kind, query)
    if number:
        hits = [replace(hit, value=str(hit.record.pk)) for hit in hits if hit.record is not None]
    records = [hit.record for hit in hits if hit.record is not None]
    membership = membership_of(request)
    if records and membership is not None:
        log_reads(request, records, purpose="lookup", actor=membership)
    return render(request, "web/lookup_options.html", {"hits": hits})


@access(STAFF)
def worklist(request: HtmxRequest) -> HttpResponse:
    """The staff's home: the role's dashboard (every module's figures, each linking to its list)
    and beside it what to do, gathered from every module the role may use, grouped by kind with
    the late items first; ``kind`` and ``late`` filter the work list (htmx: the list alone)."""
    today = timezone.localdate()
    membership = membership_of(request)
    items = worklist_for(request)
    kinds = sorted({(item.kind, str(work_kind_label(item.kind))) for item in items}, key=lambda pair: pair[1])
    kind = request.GET.get("kind", "")
    kind = kind if kind in {key for key, _label in kinds} else ""
    late_only = request.GET.get("late") == "1"
    groups = worklist_grouped(items, today=today, kind=kind, late_only=late_only)
    context = {
        "membership": membership,
        "figures": [] if request.htmx else figure_views(_dashboard(request, membership, today)),
        "groups": work_groups(groups, today=today),
        "items": items,
        "kinds": kinds,
        "kind": kind,
        "late_only": late_only,
    }
    template = "web/worklist.html#work" if request.htmx else "web/worklist.html"
    return render(request, template, context)


def _dashboard(request: HttpRequest, membership: Membership | None, today: datetime.date) -> list[Figure]:
    """The role's figures, kept ``DASHBOARD_CACHE_SECONDS`` for everyone working in the same
    organisation, territory and role (the figures depend on nothing else)."""
    if membership is None:
        return dashboard_for(request)
    scope_key = (
        f"{membership.organisation_id}:{membership.territory_id}:{membership.role}:{get_language()}:{today.isoformat()}"
    )
    return dashboard_for(request, scope_key=scope_key, seconds=settings.DASHBOARD_CACHE_SECONDS)


@access(PUBLIC)
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@access(AUTHENTICATED)
def task_progress(request: HtmxRequest, progress_id: str) -> HttpResponse:
    """The shared progress bar: htmx polls this fragment until the task has finished."""
    progress = progress_get(progress_id=progress_id, owner=request.user)
    if progress is None:
        raise Http404
    template = "core/progress.html#progress" if request.htmx else "core/progress.html"
    return render(request, template, {"progress": progress})


@access(AUTHENTICATED)
def export_download(request: HttpRequest, progress_id: str) -> FileResponse:
    """The file of a finished background export, for the user who asked for it only."""
    progress = progress_get(progress_id=progress_id, owner=request.user)
    path = export_file(progress_id) if progress is not None and progress.finished else None
    if path is None:
        raise Http404
    name = f"{slugify(progress.label) or 'export'}{path.suffix}" if progress else path.name
    content_type = CSV_CONTENT_TYPE if path.suffix == ".csv" else XLSX_CONTENT_TYPE
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    context: dict[str, Any] = {
        "status": 403,
        "message": _("The form has expired or was sent from another page. Reload the page and try again."),
    }
    return render(request, "web/error.html", context, status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = _("Invalid request.")
    if isinstance(exception, ValidationFailed):
        # A query parameter refused at the edge (core/params.py): say which one and why.
        message = " ".join(f"{name}: {' '.join(errors)}" for name, errors in exception.field_errors().items())
    return render(request, "web/error.html", {"status": 400, "message": message}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = _("You do not have permission to open this page with your current role.")
    return render(request, "web/error.html", {"status": 403, "message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = _("The page does not exist or you cannot see it.")
    return render(request, "web/error.html", {"status": 404, "message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on our side. The error has been recorded.")
    return render(request, "web/error.html", {"status": 500, "message": message}, status=500)


def _interpreter_module() -> str:
    """vega-interpreter's ES module with its one bare import bound to the global ``vega`` (UMD).

    Browsers cannot resolve the bare specifier ``vega-util`` without an import map, and the
    CSP refuses inline import maps; the names it imports are all exported by the vega bundle.
    """
    path = finders.find("vendor/vega-interpreter/vega-interpreter.js")
    if not path:
        raise Http404
    with open(path if isinstance(path, str) else path[0], encoding="utf-8") as source:
        text = source.read()
    first, _newline, rest = text.partition("\n")
    if not first.startswith("import {") or "'vega-util'" not in first:
        raise Http404
    names = first.removeprefix("import").split("from")[0].strip()
    return f"const {names} = globalThis.vega;\n{rest}"


@access(PUBLIC)
@cache_control(max_age=86400, public=True)
def vega_interpreter(request: HttpRequest) -> HttpResponse:
    """The CSP-safe expression interpreter for vega-embed (library code, no data)."""
    return HttpResponse(_interpreter_module(), content_type="text/javascript; charset=utf-8")
