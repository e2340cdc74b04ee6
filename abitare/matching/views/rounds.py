"""Matching rounds: the list, starting one, its report, and each proposal with its review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error
from abitare.core.tasks import progress_create
from abitare.matching import selectors, services
from abitare.matching.forms import ProposalReviewForm
from abitare.matching.models import Round
from abitare.matching.permissions import (
    ROUNDS,
    ROUNDS_READ,
)
from abitare.matching.snapshot import engine_in_words
from abitare.matching.tasks import round_solve_task
from abitare.matching.views.proposals import proposal_page


@access(ROUNDS_READ)
@membership_required
def round_list(request: MemberRequest) -> HttpResponse:
    rounds = selectors.round_list(actor=request.membership)
    can_run = ROUNDS.allows(request)
    context: dict[str, Any] = {
        "page": Paginator(rounds, 30).get_page(request.GET.get("page")),
        "can_run": can_run,
        "agreements": selectors.agreements_in_force(actor=request.membership) if can_run else [],
    }
    return render(request, "matching/round_list.html", context)


@access(ROUNDS)
@require_POST
@membership_required
def round_start(request: MemberRequest) -> HttpResponse:
    """Snapshot the inputs now and solve them in the background; the progress bar follows it."""

    membership = request.membership
    agreement = None
    if request.POST.get("agreement"):
        # A joint round under a sharing agreement in force (the service checks it is).
        agreement_id = params.as_id(request.POST["agreement"])
        agreement = selectors.agreement_get(actor=membership, pk=agreement_id) if agreement_id else None
        if agreement is None:
            raise Http404
    try:
        started = services.round_start(actor=membership, agreement=agreement)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("matching:round-list")
    if started.status != Round.Status.QUEUED:
        messages.warning(request, started.message)
        return redirect("matching:round-detail", pk=started.pk)
    progress = progress_create(owner_id=int(request.user.pk or 0), label=_("Matching round"), total=3)
    round_solve_task.enqueue(round_id=started.pk, progress_id=str(progress.pk))
    return redirect(reverse("web:task-progress", args=[progress.pk]))


@access(ROUNDS_READ)
@membership_required
def round_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    found = selectors.round_get(actor=membership, pk=pk)
    if found is None:
        raise Http404
    context: dict[str, Any] = {
        "round": found,
        "report": selectors.round_report(round=found),
        "report_columns": selectors.round_report_columns(round=found),
        "engine": found.result.get("engine", {}),
        "engine_words": engine_in_words(found.result.get("engine", {})),
        "rows": selectors.proposal_rows(actor=membership, round=found),
    }
    return render(request, "matching/round_detail.html", context)


@access(ROUNDS_READ)
@membership_required
def proposal_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    proposal = selectors.proposal_get(actor=membership, pk=pk)
    if proposal is None:
        raise Http404
    if selectors.proposal_household(actor=membership, proposal=proposal).own:
        # The other side of a joint round sees no personal data of this household: no read to log.
        log_read(request, proposal.application, actor=actor_of(request))
    return proposal_page(request, proposal, ProposalReviewForm())


@access(ROUNDS)
@require_POST
@membership_required
def proposal_review(request: MemberRequest, pk: int) -> HttpResponse:
    """Approve or reject a proposal; a rejection needs its reason."""
    membership = request.membership
    proposal = selectors.proposal_get(actor=membership, pk=pk)
    if proposal is None:
        raise Http404
    form = ProposalReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.proposal_approve(actor=membership, proposal=proposal)
            else:
                services.proposal_reject(
                    actor=membership,
                    proposal=proposal,
                    reason=form.cleaned_data["reason"],
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Proposal reviewed."))
            return redirect("matching:proposal-detail", pk=pk)
    return proposal_page(request, proposal, form)
