"""Sharing agreements between two agencies for joint rounds: list, detail, confirm, end."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.core.access import access
from abitare.core.exceptions import DomainError
from abitare.core.forms import submit
from abitare.matching import selectors, services
from abitare.matching.forms import AgreementEndForm, AgreementForm
from abitare.matching.models import SharingAgreement
from abitare.matching.permissions import (
    AGREEMENTS,
)


@access(AGREEMENTS)
@require_http_methods(["GET", "POST"])
@membership_required
def agreement_list(request: MemberRequest) -> HttpResponse:
    """The agreements of the administrator's organisation, and the form to record a new one."""
    membership = request.membership
    assert membership is not None  # the access rule requires a membership
    form = AgreementForm(request.POST or None, own_organisation_id=membership.organisation_id)
    if done := submit(form, lambda data: services.agreement_record(actor=membership, **data)):
        messages.success(request, _("Agreement recorded: an administrator of the partner must confirm it."))
        return redirect("matching:agreement-detail", pk=done.value.pk)
    context = {"agreements": selectors.agreement_list(actor=membership), "form": form}
    return render(request, "matching/agreement_list.html", context, status=400 if form.errors else 200)


@access(AGREEMENTS)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_page(request, pk, AgreementEndForm())


def _agreement_page(request: HttpRequest, pk: int, end_form: AgreementEndForm) -> HttpResponse:
    membership = actor_of(request)
    agreement = selectors.agreement_get(actor=membership, pk=pk)
    if agreement is None or membership is None:
        raise Http404
    pending = agreement.status == SharingAgreement.Status.PENDING
    context: dict[str, Any] = {
        "agreement": agreement,
        "can_confirm": pending and agreement.partner_id == membership.organisation_id,
        "can_end": agreement.status != SharingAgreement.Status.ENDED,
        "end_form": end_form,
        "rounds": selectors.round_list(actor=membership).filter(agreement=agreement),
    }
    return render(request, "matching/agreement_detail.html", context, status=400 if end_form.errors else 200)


@access(AGREEMENTS)
@require_POST
@membership_required
def agreement_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    agreement = selectors.agreement_get(actor=membership, pk=pk)
    if agreement is None:
        raise Http404
    try:
        services.agreement_confirm(actor=membership, agreement=agreement)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Agreement confirmed: joint rounds can start within its dates."))
    return redirect("matching:agreement-detail", pk=pk)


@access(AGREEMENTS)
@require_POST
@membership_required
def agreement_end(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    agreement = selectors.agreement_get(actor=membership, pk=pk)
    if agreement is None:
        raise Http404
    form = AgreementEndForm(request.POST)
    if submit(form, lambda data: services.agreement_end(actor=membership, agreement=agreement, reason=data["reason"])):
        messages.success(request, _("Agreement ended."))
        return redirect("matching:agreement-detail", pk=pk)
    return _agreement_page(request, pk, form)
