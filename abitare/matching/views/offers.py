"""Offers: sending one for an approved proposal, choosing another household, the list of offers
and each offer with its answer (accepted, refused with its reason, withdrawn)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error, submit
from abitare.core.idempotency import submitted_once
from abitare.matching import selectors, services
from abitare.matching.forms import (
    OfferAcceptForm,
    OfferRefuseForm,
    OfferSendForm,
    OfferWithdrawForm,
    ProposalReplaceForm,
)
from abitare.matching.models import Application, Offer, Proposal
from abitare.matching.permissions import (
    ROUNDS,
    ROUNDS_READ,
    can_answer_offer,
)
from abitare.matching.views.proposals import proposal_page, replace_choices


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_get(actor=actor_of(request), pk=pk)
    if proposal is None:
        raise Http404
    return proposal


@access(ROUNDS)
@require_POST
@submitted_once
@membership_required
def proposal_send_offer(request: MemberRequest, pk: int) -> HttpResponse:
    """Send the offer of an approved proposal (refused with the reason if the unit changed)."""

    proposal = _proposal(request, pk)
    form = OfferSendForm(request.POST)
    if done := submit(
        form,
        lambda data: services.offer_send(
            actor=request.membership,
            proposal=proposal,
            reply_by=data["reply_by"],
            note=data["note"],
        ),
    ):
        messages.success(request, _("Offer sent."))
        return redirect("matching:offer-detail", pk=done.value.pk)
    return proposal_page(request, proposal, send_form=form)


@access(ROUNDS)
@require_POST
@submitted_once
@membership_required
def proposal_replace(request: MemberRequest, pk: int) -> HttpResponse:
    """Reject the proposed household and choose a feasible one instead, with the reason."""

    membership = request.membership
    proposal = _proposal(request, pk)
    candidates = selectors.proposal_candidates(actor=membership, proposal=proposal)
    form = ProposalReplaceForm(request.POST, candidates=replace_choices(candidates))
    if form.is_valid():
        # The choices are the round's feasible households (in a joint round, possibly the partner's,
        # sent by pseudonym): the id comes from the candidates computed here, never from the page.
        ids = {c.choice: c.application_id for c in candidates if c.feasible}
        chosen = Application.objects.filter(pk=ids[form.cleaned_data["application"]]).first()
        if chosen is None:
            raise Http404
        try:
            replacement = services.proposal_replace(
                actor=membership,
                proposal=proposal,
                application=chosen,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Another household chosen for this unit."))
            return redirect("matching:proposal-detail", pk=replacement.pk)
    return proposal_page(request, proposal, replace_form=form)


@access(ROUNDS_READ)
@membership_required
def offer_list(request: MemberRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "matching.offers", actor=request.membership)
    filters = selectors.OfferFilters.from_query(request.GET)
    offers = selectors.offer_list(actor=request.membership, filters=filters)
    context: dict[str, Any] = {
        "page": Paginator(offers, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "status_choices": Offer.Status.choices,
        "today": timezone.localdate(),
    }
    return render(request, "matching/offer_list.html", context)


def _offer_page(request: HttpRequest, offer: Offer, **forms: Any) -> HttpResponse:
    membership = actor_of(request)
    rule = services.refusal_rule_in_force(territory=offer.territory, on=timezone.localdate())
    reasons = list(rule.reasons.all()) if rule else []
    choices = [(r.code, r.label) for r in reasons]
    context: dict[str, Any] = {
        "offer": offer,
        "allocation": getattr(offer, "allocation", None),
        "rule": rule,
        "reasons": reasons,
        "can_answer": ROUNDS.allows(request)
        and offer.status == Offer.Status.SENT
        and can_answer_offer(membership, offer),
        "accept_form": forms.get("accept_form") or OfferAcceptForm(),
        "refuse_form": forms.get("refuse_form") or OfferRefuseForm(reasons=choices),
        "withdraw_form": forms.get("withdraw_form") or OfferWithdrawForm(),
        "overdue": offer.status == Offer.Status.SENT and offer.reply_by < timezone.localdate(),
    }
    failed = any(form.errors for form in forms.values())
    return render(request, "matching/offer_detail.html", context, status=400 if failed else 200)


def _offer(request: HttpRequest, pk: int) -> Offer:
    offer = selectors.offer_get(actor=actor_of(request), pk=pk)
    if offer is None:
        raise Http404
    return offer


@access(ROUNDS_READ)
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    log_read(request, offer, actor=actor_of(request))
    return _offer_page(request, offer)


@access(ROUNDS)
@require_POST
@submitted_once
@membership_required
def offer_accept(request: MemberRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = OfferAcceptForm(request.POST)
    if submit(
        form,
        lambda data: services.offer_accept(
            actor=request.membership,
            offer=offer,
            starts_on=data["starts_on"],
            note=data["note"],
        ),
    ):
        messages.success(request, _("Acceptance recorded: the household is housed and the unit occupied."))
        return redirect("matching:offer-detail", pk=pk)
    return _offer_page(request, offer, accept_form=form)


@access(ROUNDS)
@require_POST
@membership_required
def offer_refuse(request: MemberRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    rule = services.refusal_rule_in_force(territory=offer.territory, on=timezone.localdate())
    form = OfferRefuseForm(request.POST, reasons=[(r.code, r.label) for r in rule.reasons.all()] if rule else [])
    if submit(
        form,
        lambda data: services.offer_refuse(
            actor=request.membership,
            offer=offer,
            reason=data["reason"],
            justified=form.justified_value(),
            note=data["note"],
        ),
    ):
        messages.success(request, _("Refusal recorded; the unit is available again."))
        return redirect("matching:offer-detail", pk=pk)
    return _offer_page(request, offer, refuse_form=form)


@access(ROUNDS)
@require_POST
@membership_required
def offer_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = OfferWithdrawForm(request.POST)
    if submit(
        form,
        lambda data: services.offer_withdraw(
            actor=request.membership,
            offer=offer,
            note=data["note"],
        ),
    ):
        messages.success(request, _("Offer withdrawn; the unit is available again."))
        return redirect("matching:offer-detail", pk=pk)
    return _offer_page(request, offer, withdraw_form=form)
