"""Unit pages: the stock with filters and counts, vacancies, a unit with its states and rent range."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import HtmxRequest, MemberRequest, actor_of, membership_required
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.access import access
from abitare.core.exceptions import DomainError
from abitare.housing import selectors, services
from abitare.housing.forms import AgreedRentForm, RetireForm, UnitStateForm
from abitare.housing.models import Building, Unit
from abitare.housing.permissions import STOCK_EDIT, STOCK_MANAGE, STOCK_VIEW


@access(STOCK_VIEW)
@membership_required
def stock(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    filters = selectors.StockFilters.from_query(request.GET)
    everything = selectors.unit_list(actor=membership, include_retired=True)
    units = selectors.unit_list(actor=membership, filters=filters)
    context: dict[str, Any] = {
        "page": Paginator(units, 50).get_page(request.GET.get("page")),
        "counts": selectors.unit_counts_by_state(units=everything),
        "state_choices": Unit.State.choices,
        "owner_choices": Building.OwnerKind.choices,
        "pathway_choices": PATHWAY_CHOICES,
        "territories": territory_list(actor=membership),
        "filters": filters,
        "total": units.count(),
        "may_manage": STOCK_MANAGE.allows(request),
    }
    template = "housing/stock.html#results" if request.htmx else "housing/stock.html"
    return render(request, template, context)


@access(STOCK_VIEW)
@membership_required
def vacancies(request: MemberRequest) -> HttpResponse:
    units = selectors.vacancy_list(actor=request.membership)
    return render(request, "housing/vacancies.html", {"page": Paginator(units, 100).get_page(request.GET.get("page"))})


def _unit_or_404(request: HttpRequest, pk: int) -> Unit:
    unit = selectors.unit_get(actor=actor_of(request), pk=pk)
    if unit is None:
        raise Http404
    return unit


@access(STOCK_VIEW)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    context: dict[str, Any] = {
        "unit": unit,
        "state_form": UnitStateForm(unit=unit),
        "may_manage": STOCK_MANAGE.allows(request),
        "retire_form": RetireForm(),
    }
    if unit.agreed_rent_zone:
        agreement = unit.agreed_rent_zone.agreement
        context["rent_form"] = AgreedRentForm(shares=agreement.surface_shares, supplements=agreement.supplements)
    return render(request, "housing/unit_detail.html", context)


@access(STOCK_EDIT)
@require_POST
@membership_required
def unit_change_state(request: MemberRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    form = UnitStateForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.unit_change_state(
                actor=request.membership,
                unit=unit,
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("State changed."))
    else:
        messages.error(request, _("This change of state is not allowed."))
    return redirect("housing:unit-detail", pk=unit.pk)


@access(STOCK_VIEW)
@require_http_methods(["POST"])
def unit_agreed_rent(request: HtmxRequest, pk: int) -> HttpResponse:
    """The agreed-rent range for the unit (htmx fragment, or the unit page without htmx)."""
    unit = _unit_or_404(request, pk)
    if unit.agreed_rent_zone is None:
        raise Http404
    agreement = unit.agreed_rent_zone.agreement
    form = AgreedRentForm(request.POST, shares=agreement.surface_shares, supplements=agreement.supplements)
    context: dict[str, Any] = {"unit": unit, "rent_form": form, "state_form": UnitStateForm(unit=unit)}
    if form.is_valid():
        extras = {
            key.removeprefix("extra_"): value
            for key, value in form.cleaned_data.items()
            if key.startswith("extra_") and value
        }
        try:
            context["rent"] = services.agreed_rent_for_unit(
                unit=unit,
                elements=form.cleaned_data["elements"],
                extras={k: Decimal(v) for k, v in extras.items()},
                chosen_supplements=form.cleaned_data["supplements"],
            )
        except DomainError as error:
            context["rent_error"] = error.message
    template = "housing/unit_detail.html#rent" if request.htmx else "housing/unit_detail.html"
    return render(request, template, context, status=200 if form.is_valid() else 400)
