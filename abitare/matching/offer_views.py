"""Pages of offers and allocations: sending an offer from an approved proposal, picking another
household for a proposal's unit, the offers list, an offer's page with accept, refuse, withdraw."""

from __future__ import annotations

import datetime
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
from abitare.core.forms import add_domain_error, submit
from abitare.matching import selectors, services
from abitare.matching.forms import (
    OfferAcceptForm,
    OfferRefuseForm,
    OfferSendForm,
    OfferWithdrawForm,
    ProposalReplaceForm,
)
from abitare.matching.models import Application, Offer, Proposal
from abitare.matching.permissions import ROUNDS, ROUNDS_READ, can_answer_offer, can_send_offer, may_review_proposal

REPLY_DAYS = 14
"""The reply-by date suggested when sending an offer."""


def _replace_choices(candidates: list[selectors.CandidateLine]) -> list[tuple[str, str]]:
    # Keyed by ``choice``: a joint round's page never carries the partner's application ids.
    return [(c.choice, f"{c.household} · {c.priority:.2f}") for c in candidates if c.feasible]


def proposal_offer_context(
    request: HttpRequest,
    proposal: Proposal,
    *,
    send_form: OfferSendForm | None = None,
    replace_form: ProposalReplaceForm | None = None,
) -> dict[str, Any]:
    """What the proposal page shows about offers: the offers of this proposal, "send offer" for an
    approved one, and "choose another household" with the feasible households and why."""
    membership = actor_of(request)
    may_write = ROUNDS.allows(request)
    holder = can_send_offer(membership, proposal)
    offers = list(proposal.offers.select_related("sent_by")) if holder else []
    busy = any(o.status != Offer.Status.WITHDRAWN for o in offers)
    live = any(o.status in {Offer.Status.SENT, Offer.Status.ACCEPTED} for o in offers)
    can_replace = (
        may_write
        and may_review_proposal(membership, proposal)
        and proposal.round.status == proposal.round.Status.DONE
        and (proposal.status == Proposal.Status.PROPOSED or (proposal.status == Proposal.Status.APPROVED and not live))
    )
    candidates = selectors.proposal_candidates(membership=membership, proposal=proposal) if can_replace else []
    return {
        "offers": offers,
        "can_send": may_write and holder and proposal.status == Proposal.Status.APPROVED and not busy,
        "send_form": send_form
        or OfferSendForm(initial={"reply_by": timezone.localdate() + datetime.timedelta(days=REPLY_DAYS)}),
        "can_replace": can_replace,
        "candidates": candidates,
        "replace_form": replace_form or ProposalReplaceForm(candidates=_replace_choices(candidates)),
    }


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_get(membership=actor_of(request), pk=pk)
    if proposal is None:
        raise Http404
    return proposal


@access(ROUNDS)
@require_POST
@membership_required
def proposal_send_offer(request: MemberRequest, pk: int) -> HttpResponse:
    """Send the offer of an approved proposal (refused with the reason if the unit changed)."""
    from abitare.matching.views import _proposal_page

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
    return _proposal_page(request, proposal, send_form=form)


@access(ROUNDS)
@require_POST
@membership_required
def proposal_replace(request: MemberRequest, pk: int) -> HttpResponse:
    """Reject the proposed household and choose a feasible one instead, with the reason."""
    from abitare.matching.views import _proposal_page

    membership = request.membership
    proposal = _proposal(request, pk)
    candidates = selectors.proposal_candidates(membership=membership, proposal=proposal)
    form = ProposalReplaceForm(request.POST, candidates=_replace_choices(candidates))
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
    return _proposal_page(request, proposal, replace_form=form)


@access(ROUNDS_READ)
@membership_required
def offer_list(request: MemberRequest) -> HttpResponse:
    filters = selectors.OfferFilters.from_query(request.GET)
    offers = selectors.offer_list(membership=request.membership, filters=filters)
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
    offer = selectors.offer_get(membership=actor_of(request), pk=pk)
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
