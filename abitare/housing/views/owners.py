"""Private owners who let flats through the agency, and their agreements (convenzioni)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.audit import log_reads
from abitare.core.pages import form_page
from abitare.housing import selectors, services
from abitare.housing.forms import OwnerAgreementForm, OwnerForm
from abitare.housing.models import Owner
from abitare.housing.permissions import STOCK_MANAGE


def owners_crumb() -> tuple[str, str]:
    return _("Private owners"), reverse("housing:owner-list")


def _owner(request: MemberRequest, pk: int) -> Owner:
    owner = selectors.owner_get(actor=request.membership, pk=pk)
    if owner is None:
        raise Http404
    return owner


@access(STOCK_MANAGE)
@membership_required
def owner_list(request: MemberRequest) -> HttpResponse:
    page = Paginator(selectors.owner_list(actor=request.membership), 50).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=request.membership)
    return render(request, "housing/owner_list.html", {"page": page})


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def owner_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    return form_page(
        request,
        OwnerForm(request.POST or None, membership=membership),
        heading=_("New private owner"),
        trail=[owners_crumb()],
        save=lambda data: services.owner_register(actor=membership, **data),
        done=reverse("housing:owner-list"),
        success=_("Owner saved."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def owner_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    owner = _owner(request, pk)
    return form_page(
        request,
        OwnerForm(request.POST or None, instance=owner, membership=membership),
        heading=_("Edit the owner"),
        trail=[owners_crumb()],
        save=lambda data: services.owner_update(actor=membership, owner=owner, **data),
        done=reverse("housing:owner-list"),
        success=_("Owner saved."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def owner_agreement_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    owner = _owner(request, pk)
    return form_page(
        request,
        OwnerAgreementForm(request.POST or None, membership=membership),
        heading=_("New agreement with %(owner)s") % {"owner": owner.name},
        trail=[owners_crumb()],
        save=lambda data: services.owner_agreement_record(actor=membership, owner=owner, **data),
        done=reverse("housing:owner-list"),
        success=_("Agreement saved."),
    )


@access(STOCK_MANAGE)
@require_http_methods(["GET", "POST"])
@membership_required
def owner_agreement_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    agreement = selectors.owner_agreement_get(actor=membership, pk=pk)
    if agreement is None:
        raise Http404
    return form_page(
        request,
        OwnerAgreementForm(request.POST or None, instance=agreement, membership=membership),
        heading=_("Edit the agreement"),
        trail=[owners_crumb()],
        save=lambda data: services.owner_agreement_update(actor=membership, agreement=agreement, **data),
        done=reverse("housing:owner-list"),
        success=_("Agreement saved."),
    )
