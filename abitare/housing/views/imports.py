"""The import of the stock from the template, checked and run in the background."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core import spreadsheets
from abitare.core.access import access
from abitare.core.tasks import progress_create
from abitare.housing.forms import StockImportForm
from abitare.housing.permissions import STOCK_MANAGE
from abitare.housing.services.imports import template_csv, template_xlsx
from abitare.housing.tasks import import_stock_task


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def stock_import(request: MemberRequest) -> HttpResponse:
    """Upload a file made from the template; it is checked and imported in the background."""
    form = StockImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        progress = progress_create(owner_id=int(request.user.pk or 0), label=_("Import of the housing stock"))
        target = folder / f"{progress.pk}.{file_format}"
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        import_stock_task.enqueue(
            progress_id=str(progress.pk), actor_id=request.membership.pk, path=str(target), file_format=file_format
        )
        return redirect(reverse("web:task-progress", args=[progress.pk]))
    return render(request, "housing/stock_import.html", {"form": form}, status=400 if form.errors else 200)


@access(STOCK_MANAGE)
def stock_import_template(request: MemberRequest, file_format: str) -> HttpResponse:
    if file_format == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(template_csv(), content_type=spreadsheets.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="abitare-import-patrimonio.{file_format}"'
    return response
