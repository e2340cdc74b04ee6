"""Tenancy pages: the list with balances, a tenancy with its statement, ageing and savings,
creation (by hand or from an accepted offer), renewal, exit, contract and statement exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import HtmxRequest, MemberRequest, actor_of, membership_required
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error, submit
from abitare.housing.models import Unit
from abitare.housing.selectors import unit_list
from abitare.matching.selectors import allocation_get, allocation_list
from abitare.registry.selectors import household_list
from abitare.tenancies import accounting, contracts, documents
from abitare.tenancies.forms.ledger import ExitForm, StatementPeriodForm, TenancyForm
from abitare.tenancies.models import ContractType, Tenancy, WriteOffRequest
from abitare.tenancies.permissions import RECOVERY, TENANCIES_EDIT, TENANCIES_VIEW, WRITE_OFF_APPROVE
from abitare.tenancies.selectors import ledger as ledger_selectors
from abitare.tenancies.selectors.tenancy import TenancyFilters, tenancy_get, tenancy_list
from abitare.tenancies.services import tenancy as services
from abitare.tenancies.services.savings import savings_balance

STATEMENT_MONTHS = 12


def tenancy_or_404(request: HttpRequest, pk: int) -> Tenancy:
    tenancy = tenancy_get(actor=actor_of(request), pk=pk)
    if tenancy is None:
        raise Http404
    return tenancy


@access(TENANCIES_VIEW)
@membership_required
def tenancy_list_page(request: MemberRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "tenancies.tenancies", actor=request.membership)
    membership = request.membership
    filters = TenancyFilters.from_query(request.GET)
    tenancies = tenancy_list(actor=membership, filters=filters).order_by("-status", "reference")
    page = Paginator(tenancies, 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "status_choices": Tenancy.Status.choices,
        "contract_choices": ContractType.choices,
        "pathway_choices": PATHWAY_CHOICES,
        "territories": territory_list(actor=membership),
        "waiting": allocation_list(actor=membership).filter(ended_on__isnull=True, tenancy__isnull=True)[:20],
    }
    template = "tenancies/tenancy_list.html#results" if request.htmx else "tenancies/tenancy_list.html"
    return render(request, template, context)


def _period(
    request: HttpRequest, tenancy: Tenancy
) -> tuple[StatementPeriodForm, datetime.date | None, datetime.date | None]:
    today = timezone.localdate()
    default_from = max(tenancy.starts_on, (today.replace(day=1) - datetime.timedelta(days=366)).replace(day=1))
    form = StatementPeriodForm(request.GET or None, initial={"date_from": default_from, "date_to": today})
    date_from: datetime.date | None = default_from
    date_to: datetime.date | None = None
    if request.GET and form.is_valid():
        date_from = form.cleaned_data["date_from"]
        date_to = form.cleaned_data["date_to"]
    return form, date_from, date_to


@access(TENANCIES_VIEW)
def tenancy_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    log_read(request, tenancy, actor=actor_of(request))
    period_form, date_from, date_to = _period(request, tenancy)
    today = timezone.localdate()
    movements = ledger_selectors.movements_of(tenancy)
    statement = accounting.statement(movements, date_from=date_from, date_to=date_to)
    authors = ledger_selectors.entry_authors(ids=[line.movement.id for line in statement.lines])
    reversed_ids = {m.reverses_id for m in movements if m.reverses_id is not None}
    # One reverse() for the whole table: the statement can hold hundreds of lines.
    reverse_url = reverse("tenancies:entry-reverse", args=[0]).replace("/0/", "/{}/")
    context: dict[str, Any] = {
        "tenancy": tenancy,
        "statement": statement,
        "rows": [
            (
                line,
                authors.get(line.movement.id),
                reverse_url.format(line.movement.id)
                if line.movement.kind != "reversal" and line.movement.id not in reversed_ids
                else "",
            )
            for line in statement.lines
        ],
        "reversed_ids": reversed_ids,
        "period_form": period_form,
        "balance": accounting.balance_at(movements),
        "ageing": accounting.ageing(movements, at=today),
        "savings_balance": savings_balance(tenancy=tenancy),
        "savings_entries": ledger_selectors.savings_entry_list(tenancy=tenancy),
        "write_offs": tenancy.write_off_requests.select_related("requested_by", "decided_by").order_by("-requested_at"),
        "renewals": tenancy.renewal_log.select_related("created_by"),
        "renewal_deadline": contracts.renewal_deadline(tenancy.contract_type, tenancy.ends_on),
        "can_renew": tenancy.status == Tenancy.Status.ACTIVE
        and tenancy.ends_on is not None
        and contracts.can_renew(tenancy.contract_type, tenancy.renewals),
        "has_savings": contracts.rule_for(tenancy.contract_type).savings or bool(tenancy.savings_deposit),
        "may_edit": TENANCIES_EDIT.allows(request),
        "monthly_task": _("monthly task"),
        "may_decide": WRITE_OFF_APPROVE.allows(request),
        "may_recover": RECOVERY.allows(request) and tenancy.status == Tenancy.Status.ACTIVE,
        "pending": WriteOffRequest.Status.PENDING,
        "exit": getattr(tenancy, "exit", None),
        "unit_vacating": tenancy.unit.state == Unit.State.VACATING,
    }
    if request.htmx:
        return render(request, "tenancies/tenancy_detail.html#statement", context)
    return render(request, "tenancies/tenancy_detail.html", context)


def _form_context(request: HttpRequest, form: TenancyForm, allocation: Any) -> dict[str, Any]:
    return {"form": form, "allocation": allocation}


@access(TENANCIES_EDIT)
@require_http_methods(["GET", "POST"])
@membership_required
def tenancy_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    assert membership is not None
    allocation = None
    raw = request.GET.get("allocation") or request.POST.get("allocation")
    if raw:
        allocation_id = params.as_id(raw)
        allocation = allocation_get(actor=membership, pk=allocation_id) if allocation_id else None
        if allocation is None:
            raise Http404
    households = household_list(actor=membership)
    units = unit_list(actor=membership).filter(
        state__in=[Unit.State.AVAILABLE, Unit.State.OFFERED, Unit.State.OCCUPIED, Unit.State.VACATING]
    )
    form = TenancyForm(request.POST or None, households=households, units=units, from_allocation=allocation is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "contract_type": data["contract_type"],
            "ends_on": data["ends_on"],
            "monthly_rent": data["monthly_rent"],
            "monthly_charges": data["monthly_charges"],
            "savings_deposit": data["savings_deposit"] or 0,
            "due_day": data["due_day"],
        }
        try:
            if allocation is not None:
                tenancy = services.tenancy_create_from_allocation(
                    actor=request.membership,
                    allocation=allocation,
                    **common,
                )
            else:
                unit = data["unit"]
                tenancy = services.tenancy_create(
                    actor=request.membership,
                    organisation=membership.organisation,
                    territory=unit.building.territory,
                    unit=unit,
                    household=data["household"],
                    pathway=data["pathway"],
                    starts_on=data["starts_on"],
                    **common,
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Tenancy %(reference)s created.") % {"reference": tenancy.reference})
            return redirect("tenancies:tenancy-detail", pk=tenancy.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "tenancies/tenancy_form.html", _form_context(request, form, allocation), status=status)


@access(TENANCIES_EDIT)
@require_POST
@membership_required
def tenancy_renew(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    try:
        renewed = services.tenancy_renew(actor=request.membership, tenancy=tenancy, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        assert renewed.ends_on is not None
        messages.success(request, _("Renewed until %(date)s.") % {"date": renewed.ends_on.strftime("%d/%m/%Y")})
    return redirect("tenancies:tenancy-detail", pk=tenancy.pk)


@access(TENANCIES_EDIT)
@require_http_methods(["GET", "POST"])
@membership_required
def tenancy_exit(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    if tenancy.status != Tenancy.Status.ACTIVE:
        messages.error(request, _("This tenancy has already ended."))
        return redirect("tenancies:tenancy-detail", pk=tenancy.pk)
    form = ExitForm(request.POST or None)
    if submit(
        form,
        lambda data: services.tenancy_exit(
            actor=request.membership,
            tenancy=tenancy,
            exited_on=data["exited_on"],
            destination=data["destination"],
            notes=data["notes"],
            savings_funds=data["savings_funds"],
        ),
    ):
        messages.success(request, _("Exit recorded: the unit is being vacated."))
        return redirect("tenancies:tenancy-detail", pk=tenancy.pk)
    context = {
        "tenancy": tenancy,
        "form": form,
        "balance": ledger_selectors.balance_of(tenancy),
        "savings_balance": savings_balance(tenancy=tenancy),
    }
    return render(request, "tenancies/tenancy_exit.html", context, status=400 if request.method == "POST" else 200)


@access(TENANCIES_EDIT)
@require_POST
@membership_required
def tenancy_release_unit(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    try:
        services.tenancy_release_unit(actor=request.membership, tenancy=tenancy)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The unit is available again."))
    return redirect("tenancies:tenancy-detail", pk=tenancy.pk)


@access(TENANCIES_VIEW)
def tenancy_contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    log_read(request, tenancy, channel="export", purpose="contract", actor=actor_of(request))
    response = HttpResponse(documents.contract_pdf(tenancy, actor=actor_of(request)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contratto-{tenancy.reference}.pdf"'
    return response


def _export_period(request: HttpRequest) -> tuple[datetime.date | None, datetime.date | None]:
    form = StatementPeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        return form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return None, None


@access(TENANCIES_VIEW)
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    log_read(request, tenancy, channel="export", purpose="statement", actor=actor_of(request))
    date_from, date_to = _export_period(request)
    pdf = documents.statement_pdf(tenancy, actor=actor_of(request), date_from=date_from, date_to=date_to)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="estratto-{tenancy.reference}.pdf"'
    return response


@access(TENANCIES_VIEW)
def statement_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    log_read(request, tenancy, channel="export", purpose="statement", actor=actor_of(request))
    date_from, date_to = _export_period(request)
    response = HttpResponse(
        documents.statement_xlsx(tenancy, actor=actor_of(request), date_from=date_from, date_to=date_to),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="estratto-{tenancy.reference}.xlsx"'
    return response
