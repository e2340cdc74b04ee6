"""Buildings and their units and common spaces, kept from the product by the administrator."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.pages import act, form_page
from abitare.housing import selectors, services
from abitare.housing.forms import BuildingForm, CommonSpaceForm, RetireForm, UnitForm
from abitare.housing.models import Building, CommonSpace, Unit
from abitare.housing.permissions import STOCK_MANAGE, STOCK_VIEW


def buildings_crumb() -> tuple[str, str]:
    return _("Buildings"), reverse("housing:building-list")


def _building(request: MemberRequest, pk: int) -> Building:
    building = selectors.building_get(actor=request.membership, pk=pk)
    if building is None:
        raise Http404
    return building


def _building_url(building: Building) -> str:
    return reverse("housing:building-detail", args=[building.pk])


@access(STOCK_VIEW)
@membership_required
def building_list(request: MemberRequest) -> HttpResponse:
    retired = request.GET.get("retired") == "on"
    buildings = selectors.buildings_with_counts(actor=request.membership, include_retired=retired)
    context = {
        "page": Paginator(buildings.order_by("name", "pk"), 50).get_page(request.GET.get("page")),
        "retired": retired,
        "may_manage": STOCK_MANAGE.allows(request),
    }
    return render(request, "housing/building_list.html", context)


@access(STOCK_VIEW)
@membership_required
def building_detail(request: MemberRequest, pk: int) -> HttpResponse:
    building = _building(request, pk)
    context = {
        "building": building,
        "units": selectors.unit_list(actor=request.membership, include_retired=True).filter(building=building),
        "spaces": building.common_spaces.all(),
        "may_manage": STOCK_MANAGE.allows(request) and not building.is_retired,
        "retire_form": RetireForm(),
    }
    return render(request, "housing/building_detail.html", context)


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def building_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    return form_page(
        request,
        BuildingForm(request.POST or None, membership=membership),
        heading=_("New building"),
        trail=[buildings_crumb()],
        save=lambda data: services.building_register(actor=membership, **data),
        done=_building_url,
        success=_("Building added to the stock."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def building_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    building = _building(request, pk)
    return form_page(
        request,
        BuildingForm(request.POST or None, instance=building, membership=membership),
        heading=_("Edit the building"),
        trail=[buildings_crumb(), (str(building), _building_url(building))],
        save=lambda data: services.building_update(actor=membership, building=building, **data),
        done=_building_url,
        success=_("Building saved."),
    )


@access(STOCK_MANAGE)
@require_POST
@membership_required
def building_retire(request: MemberRequest, pk: int) -> HttpResponse:
    building = _building(request, pk)
    form = RetireForm(request.POST)
    return act(
        request,
        lambda: services.building_retire(
            actor=request.membership, building=building, reason=form.cleaned_data["reason"]
        ),
        form=form,
        done=_building_url(building),
        success=_("Building and its units retired from the stock."),
    )


# Units -------------------------------------------------------------------------------------------


def _unit(request: MemberRequest, pk: int) -> Unit:
    unit = selectors.unit_get(actor=request.membership, pk=pk)
    if unit is None:
        raise Http404
    return unit


def _unit_url(unit: Unit) -> str:
    return reverse("housing:unit-detail", args=[unit.pk])


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def unit_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    building = _building(request, pk)
    return form_page(
        request,
        UnitForm(request.POST or None, membership=membership),
        heading=_("New unit"),
        trail=[buildings_crumb(), (str(building), _building_url(building))],
        save=lambda data: services.unit_register(actor=membership, building=building, **data),
        done=_unit_url,
        success=_("Unit added to the stock."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def unit_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    unit = _unit(request, pk)
    return form_page(
        request,
        UnitForm(request.POST or None, instance=unit, membership=membership),
        heading=_("Edit the unit"),
        trail=[(str(unit.building), _building_url(unit.building)), (unit.code, _unit_url(unit))],
        save=lambda data: services.unit_update(actor=membership, unit=unit, **data),
        done=_unit_url,
        success=_("Unit saved."),
    )


@access(STOCK_MANAGE)
@require_POST
@membership_required
def unit_retire(request: MemberRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    form = RetireForm(request.POST)
    return act(
        request,
        lambda: services.unit_retire(actor=request.membership, unit=unit, reason=form.cleaned_data["reason"]),
        form=form,
        done=_unit_url(unit),
        success=_("Unit retired from the stock."),
    )


# Common spaces -----------------------------------------------------------------------------------


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def common_space_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    building = _building(request, pk)
    return form_page(
        request,
        CommonSpaceForm(request.POST or None, membership=membership),
        heading=_("New common space"),
        trail=[buildings_crumb(), (str(building), _building_url(building))],
        save=lambda data: services.common_space_add(actor=membership, building=building, **data),
        done=_building_url(building) + "#spaces",
        success=_("Common space added."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def common_space_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    space: CommonSpace | None = selectors.common_space_get(actor=membership, pk=pk)
    if space is None:
        raise Http404
    back = _building_url(space.building)
    return form_page(
        request,
        CommonSpaceForm(request.POST or None, instance=space, membership=membership),
        heading=_("Edit the common space"),
        trail=[buildings_crumb(), (str(space.building), back)],
        save=lambda data: services.common_space_update(actor=membership, space=space, **data),
        done=back + "#spaces",
        success=_("Common space saved."),
    )
