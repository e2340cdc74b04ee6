"""Pages of bank statements: import (in the background, with a progress bar), the statements
imported, and the queue of credits waiting for an operator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import actor_of
from abitare.core.access import access
from abitare.core.audit import log_reads
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error, submit
from abitare.core.idempotency import submitted_once
from abitare.core.tasks import progress_create
from abitare.tenancies.forms.recovery import CreditAssignForm, CreditDismissForm, StatementUploadForm
from abitare.tenancies.permissions import RECOVERY
from abitare.tenancies.recovery.csv_template import template_csv
from abitare.tenancies.selectors import payments as selectors
from abitare.tenancies.selectors.tenancy import tenancy_list
from abitare.tenancies.services import payments as services
from abitare.tenancies.tasks import statement_import_task


@access(RECOVERY)
def statement_list(request: HttpRequest) -> HttpResponse:
    statements = selectors.statement_list(actor=actor_of(request))
    context = {
        "page": Paginator(statements, 30).get_page(request.GET.get("page")),
        "waiting": selectors.unmatched_queue(actor=actor_of(request)).count(),
    }
    return render(request, "tenancies/statement_list.html", context)


@access(RECOVERY)
@require_http_methods(["GET", "POST"])
@submitted_once
def statement_import(request: HttpRequest) -> HttpResponse:
    """Upload a statement; it is checked whole and imported in the background, all or nothing."""

    membership = actor_of(request)
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        progress = progress_create(owner_id=int(request.user.pk or 0), label=_("Import of a bank statement"))
        target = folder / f"{progress.pk}.statement"
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        statement_import_task.enqueue(
            progress_id=str(progress.pk), actor_id=membership.pk, path=str(target), file_name=upload.name[:200]
        )
        return redirect(reverse("web:task-progress", args=[progress.pk]))
    return render(request, "tenancies/statement_import.html", {"form": form}, status=400 if form.errors else 200)


@access(RECOVERY)
def statement_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="abitare-estratto-conto.csv"'
    return response


@access(RECOVERY)
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    statement = selectors.statement_get(actor=membership, pk=pk)
    if statement is None:
        raise Http404
    page = Paginator(selectors.credit_list(actor=membership, statement_id=statement.pk), 100).get_page(
        request.GET.get("page")
    )
    log_reads(request, list(page.object_list), actor=actor_of(request))
    return render(request, "tenancies/statement_detail.html", {"statement": statement, "page": page})


@access(RECOVERY)
def credit_queue(request: HttpRequest) -> HttpResponse:
    """Credits no tenancy could be matched to, oldest first: assign them or mark them as not ours."""
    membership = actor_of(request)
    page = Paginator(selectors.unmatched_queue(actor=membership), 30).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), actor=actor_of(request))
    return render(request, "tenancies/credit_queue.html", {"page": page})


def _credit_page(
    request: HttpRequest, credit: Any, assign: CreditAssignForm, dismiss: CreditDismissForm
) -> HttpResponse:
    status = 400 if assign.errors or dismiss.errors else 200
    context = {"credit": credit, "assign": assign, "dismiss": dismiss}
    return render(request, "tenancies/credit_detail.html", context, status=status)


@access(RECOVERY)
@require_http_methods(["GET", "POST"])
@submitted_once
def credit_assign(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    credit = selectors.credit_get(actor=membership, pk=pk)
    if credit is None:
        raise Http404
    form = CreditAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["tenancy"].strip().upper()
        tenancy = tenancy_list(actor=membership).filter(reference__iexact=reference).first()
        if tenancy is None:
            form.add_error("tenancy", _("No tenancy of yours has this reference."))
        else:
            try:
                services.credit_assign(
                    actor=membership, credit=credit, tenancy=tenancy, remember_iban=form.cleaned_data["remember_iban"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Payment recorded on %(tenancy)s.") % {"tenancy": tenancy.reference})
                return redirect("tenancies:credit-queue")
    log_reads(request, [credit], actor=actor_of(request))
    return _credit_page(request, credit, form, CreditDismissForm())


@access(RECOVERY)
@require_POST
def credit_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    credit = selectors.credit_get(actor=membership, pk=pk)
    if credit is None:
        raise Http404
    form = CreditDismissForm(request.POST)
    if submit(form, lambda data: services.credit_dismiss(actor=membership, credit=credit, note=data["note"])):
        messages.success(request, _("Credit marked as not a rent payment."))
        return redirect("tenancies:credit-queue")
    return _credit_page(request, credit, CreditAssignForm(), form)
