"""Pages of the data protection officer (the auditor role): household-level records withheld from
data-subject exports, and the decision on each request. Reading the records is logged."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import actor_of
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.forms import submit
from abitare.registry import selectors
from abitare.registry.forms import ExportReleaseForm
from abitare.registry.models import ExportRelease
from abitare.registry.permissions import EXPORT_RELEASE
from abitare.registry.services.releases import export_release_decide, export_release_items

PURPOSE = "export release decision"


@access(EXPORT_RELEASE)
def export_release_list(request: HttpRequest) -> HttpResponse:
    """Requests about people of the officer's organisation and territory, waiting ones first."""
    releases = selectors.export_release_list(actor=actor_of(request))
    page = Paginator(releases, 50).get_page(request.GET.get("page"))
    return render(request, "registry/export_release_list.html", {"page": page})


@access(EXPORT_RELEASE)
@require_http_methods(["GET", "POST"])
def export_release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The withheld records with their text; a waiting request takes the decision."""
    actor = actor_of(request)
    release = selectors.export_release_get(actor=actor, pk=pk)
    items = export_release_items(release)
    pending = release.status == ExportRelease.Status.PENDING
    form = ExportReleaseForm(
        request.POST or None,
        choices=[(item.key, f"{item.kind}: {item.record}" if item.record else item.kind) for item in items],
    )
    if submit(
        form,
        lambda data: export_release_decide(
            actor=actor, release=release, released=data["released"], reason=data["reason"]
        ),
    ):
        messages.success(request, _("Decision recorded."))
        return redirect("registry:export-release-list")
    log_read(request, release.person, actor=actor, purpose=PURPOSE)
    records: list[Model] = [item.record for item in items if item.record is not None]
    log_reads(request, records, actor=actor, purpose=PURPOSE)
    context = {
        "release": release,
        "items": items,
        "form": form if pending or form.errors else None,
        "checked": set(form["released"].value() or []) if form.is_bound else set(),
        "released": set(release.released),
    }
    return render(request, "registry/export_release_detail.html", context, status=400 if form.errors else 200)
