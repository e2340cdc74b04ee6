"""The import of households and persons from the template, checked and run in the background."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.tasks import progress_create
from abitare.registry.forms import ImportForm
from abitare.registry.permissions import PEOPLE
from abitare.registry.services.imports import template_csv
from abitare.registry.tasks import import_people_task


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
@membership_required
def people_import(request: MemberRequest) -> HttpResponse:
    """Upload a file made from the template; it is checked and imported in the background."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        progress = progress_create(owner_id=int(request.user.pk or 0), label=_("Import of households and persons"))
        target = folder / f"{progress.pk}.{file_format}"
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        import_people_task.enqueue(
            progress_id=str(progress.pk), actor_id=request.membership.pk, path=str(target), file_format=file_format
        )
        return redirect(reverse("web:task-progress", args=[progress.pk]))
    return render(request, "registry/import.html", {"form": form}, status=400 if form.errors else 200)


@access(PEOPLE)
def people_import_template(request: MemberRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="abitare-import-persone.csv"'
    return response
