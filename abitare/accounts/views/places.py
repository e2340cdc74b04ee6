"""Administrators set up their territory: the territory tree (municipalities found by name in the
ISTAT list), the organisations and each territory's housing desk; the public page of the housing
desks. The rules and the scope are in ``services.places``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from abitare.accounts import istat, selectors
from abitare.accounts.forms import HousingDeskForm, OrganisationForm, TerritoryForm
from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import HousingDesk, Organisation, Territory
from abitare.accounts.permissions import ADMINISTRATION
from abitare.accounts.services import places
from abitare.core.access import PUBLIC, access
from abitare.core.pages import form_page


def _territories() -> tuple[str, str]:
    return (_("Territories"), reverse("accounts:territory-list"))


def _organisations() -> tuple[str, str]:
    return (_("Organisations"), reverse("accounts:organisation-list"))


@access(ADMINISTRATION)
@membership_required
def territory_list(request: MemberRequest) -> HttpResponse:
    """The administrator's territory tree, with each territory's housing desk."""
    territories = selectors.territory_list(actor=request.membership).select_related("housing_desk")
    return render(request, "accounts/territory_list.html", {"territories": territories})


@access(ADMINISTRATION)
@require_GET
def municipality_search(request: HttpRequest) -> HttpResponse:
    """The municipalities of the ISTAT list whose name matches what was typed (htmx: the options of
    the territory form's list; without htmx, a page listing them)."""
    text = request.GET.get("istat_code") or request.GET.get("q") or ""
    found = istat.municipality_search(text[:100])
    template = "accounts/municipality_search.html"
    if request.headers.get("HX-Request"):
        template += "#options"
    return render(request, template, {"municipalities": found, "query": text})


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def territory_create(request: MemberRequest) -> HttpResponse:
    search_url = reverse("accounts:municipality-search")
    initial = {"parent": request.GET.get("parent")}
    form = TerritoryForm(request.POST or None, initial=initial, actor=request.membership, search_url=search_url)

    def save(data: dict[str, Any]) -> Territory:
        return places.territory_add(actor=request.membership, **data)

    return form_page(
        request,
        form,
        heading=_("Add a territory"),
        trail=[_territories()],
        save=save,
        done=reverse("accounts:territory-list"),
        success=lambda territory: _("%(name)s added.") % {"name": territory},
        template="accounts/territory_form.html",
    )


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def territory_edit(request: MemberRequest, territory_id: int) -> HttpResponse:
    territory = selectors.territory_get(actor=request.membership, territory_id=territory_id)
    search_url = reverse("accounts:municipality-search")
    initial = {"name": territory.name, "istat_code": territory.istat_code}
    form = TerritoryForm(
        request.POST or None, initial=initial, actor=request.membership, editing=True, search_url=search_url
    )
    if territory.kind != Territory.Kind.MUNICIPALITY:
        del form.fields["istat_code"]

    def save(data: dict[str, Any]) -> Territory:
        return places.territory_update(actor=request.membership, territory=territory, **data)

    return form_page(
        request,
        form,
        heading=_("Edit %(name)s") % {"name": territory},
        trail=[_territories()],
        save=save,
        done=reverse("accounts:territory-list"),
        success=_("Territory saved."),
        template="accounts/territory_form.html",
    )


@access(ADMINISTRATION)
@membership_required
def organisation_list(request: MemberRequest) -> HttpResponse:
    actor = request.membership
    organisations = selectors.organisation_list(actor=actor).prefetch_related("territories")
    rows = [(organisation, places.organisation_editable(actor, organisation)) for organisation in organisations]
    return render(request, "accounts/organisation_list.html", {"rows": rows})


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def organisation_create(request: MemberRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, actor=request.membership)

    def save(data: dict[str, Any]) -> Organisation:
        return places.organisation_add(actor=request.membership, **data)

    return form_page(
        request,
        form,
        heading=_("Add an organisation"),
        trail=[_organisations()],
        save=save,
        done=reverse("accounts:organisation-list"),
        success=lambda organisation: _("%(name)s added.") % {"name": organisation},
    )


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def organisation_edit(request: MemberRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get(actor=request.membership, organisation_id=organisation_id)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "territories": [territory.pk for territory in organisation.territories.all()],
        "tax_code": organisation.tax_code,
        "email": organisation.email,
        "phone": organisation.phone,
        "address": organisation.address,
        "website": organisation.website,
    }
    form = OrganisationForm(request.POST or None, initial=initial, actor=request.membership)

    def save(data: dict[str, Any]) -> Organisation:
        return places.organisation_update(actor=request.membership, organisation=organisation, **data)

    return form_page(
        request,
        form,
        heading=_("Edit %(name)s") % {"name": organisation},
        intro=_("Territories outside yours that the organisation works in are kept."),
        trail=[_organisations()],
        save=save,
        done=reverse("accounts:organisation-list"),
        success=_("Organisation saved."),
    )


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def housing_desk_edit(request: MemberRequest, territory_id: int) -> HttpResponse:
    territory = selectors.territory_get(actor=request.membership, territory_id=territory_id)
    desk = HousingDesk.objects.filter(territory=territory).first()
    fields = ("name", "address", "opening_hours", "phone", "email", "what_to_bring")
    initial = {name: getattr(desk, name) for name in fields} if desk else {}
    form = HousingDeskForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HousingDesk:
        return places.housing_desk_save(actor=request.membership, territory=territory, **data)

    return form_page(
        request,
        form,
        heading=_("Housing desk of %(territory)s") % {"territory": territory},
        intro=_("What the public site shows about the desk: where it is, when it is open, how to reach it."),
        trail=[_territories()],
        save=save,
        done=reverse("accounts:territory-list"),
        success=_("Housing desk saved: the public site shows it."),
    )


@access(PUBLIC)
@require_GET
def housing_desk_list(request: HttpRequest) -> HttpResponse:
    """Public: where each territory's housing desk is, when it is open and what to bring."""
    return render(request, "accounts/housing_desks.html", {"desks": selectors.housing_desk_list()})
