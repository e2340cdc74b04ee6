"""The proposal page, shared by the rounds (review) and the offers (send, replace): the proposal
with its explanation, its offers and the households that could take its place."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from abitare.accounts.http import actor_of
from abitare.matching import selectors
from abitare.matching.forms import (
    OfferSendForm,
    ProposalReplaceForm,
    ProposalReviewForm,
)
from abitare.matching.models import Offer, Proposal
from abitare.matching.permissions import (
    ROUNDS,
    can_send_offer,
    may_review_proposal,
)

REPLY_DAYS = 14  # days a household has to answer an offer


def replace_choices(candidates: list[selectors.CandidateLine]) -> list[tuple[str, str]]:
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
    candidates = selectors.proposal_candidates(actor=membership, proposal=proposal) if can_replace else []
    return {
        "offers": offers,
        "can_send": may_write and holder and proposal.status == Proposal.Status.APPROVED and not busy,
        "send_form": send_form
        or OfferSendForm(initial={"reply_by": timezone.localdate() + datetime.timedelta(days=REPLY_DAYS)}),
        "can_replace": can_replace,
        "candidates": candidates,
        "replace_form": replace_form or ProposalReplaceForm(candidates=replace_choices(candidates)),
    }


def proposal_page(
    request: HttpRequest, proposal: Proposal, form: ProposalReviewForm | None = None, **offer_forms: Any
) -> HttpResponse:
    """The proposal page: its household (pseudonymous across a joint round), score, limits and
    explanation, the review form and the offer forms; 400 when a posted form has errors."""
    form = form or ProposalReviewForm()
    membership = actor_of(request)
    context: dict[str, Any] = {
        "proposal": proposal,
        "round": proposal.round,
        "household": selectors.proposal_household(actor=membership, proposal=proposal),
        "parts": selectors.proposal_score_parts(actor=membership, proposal=proposal),
        "limits": selectors.proposal_limits(actor=membership, proposal=proposal),
        "refusals": selectors.proposal_explanation(actor=membership, proposal=proposal),
        "form": form,
        "can_review": ROUNDS.allows(request)
        and proposal.status == Proposal.Status.PROPOSED
        and may_review_proposal(membership, proposal),
        **proposal_offer_context(request, proposal, **offer_forms),
    }
    failed = form.errors or any(other.errors for other in offer_forms.values())
    return render(request, "matching/round_proposal.html", context, status=400 if failed else 200)
