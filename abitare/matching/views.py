"""Applications (queue, detail with verdict and score by rule, new application), rule sets, and
matching rounds (list, start, report, proposals with their explanation and review)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error, submit
from abitare.core.tasks import progress_create
from abitare.matching import selectors, services
from abitare.matching.forms import AgreementEndForm, AgreementForm, ApplicationForm, ProposalReviewForm, RuleForm
from abitare.matching.models import Application, Proposal, Round, RuleSet, SharingAgreement
from abitare.matching.permissions import (
    AGREEMENTS,
    APPLICATIONS,
    ROUNDS,
    ROUNDS_READ,
    RULES,
    RULES_READ,
    may_review_proposal,
)
from abitare.registry.selectors import household_get


@access(APPLICATIONS)
@membership_required
def application_list(request: MemberRequest) -> HttpResponse:
    filters = selectors.ApplicationFilters.from_query(request.GET)
    applications = selectors.application_list(membership=request.membership, filters=filters)
    context: dict[str, Any] = {
        "page": Paginator(applications, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "status_choices": Application.Status.choices,
        "pathway_choices": PATHWAY_CHOICES,
    }
    return render(request, "matching/application_list.html", context)


@access(APPLICATIONS)
@membership_required
def application_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    application = selectors.application_get(membership=membership, pk=pk)
    if application is None:
        raise Http404
    log_read(request, application, actor=actor_of(request))
    eligibility = application.evaluation.get("eligibility", {})
    labels = {rule["code"]: rule["label"] for rule in eligibility.get("rules", [])}
    context: dict[str, Any] = {
        "application": application,
        "failed": [labels.get(code, code) for code in eligibility.get("failed", [])],
        "missing": [labels.get(code, code) for code in eligibility.get("missing", []) if code != "no_rule_set"],
        "no_rule_set": "no_rule_set" in eligibility.get("missing", []),
        "parts": selectors.score_parts_for(membership=membership, application=application),
        "offers": selectors.offers_of_application(membership=membership, application=application),
    }
    return render(request, "matching/application_detail.html", context)


@access(APPLICATIONS)
@require_http_methods(["GET", "POST"])
@membership_required
def application_create(request: MemberRequest, household_pk: int) -> HttpResponse:
    membership = request.membership
    household = household_get(membership=membership, pk=household_pk)
    territories = territory_list(membership=membership)
    initial = {"occupants": household.memberships.filter(end_date__isnull=True).count() or 1}
    form = ApplicationForm(request.POST or None, territories=territories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = services.application_submit(
                actor=membership,
                household=household,
                pathway=data.pop("pathway"),
                occupants=data.pop("occupants"),
                monthly_income=data.pop("monthly_income"),
                preferred=list(data.pop("preferred")),
                excluded=list(data.pop("excluded")),
                **data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Application recorded and evaluated."))
            return redirect("matching:application-detail", pk=application.pk)
    return render(
        request,
        "matching/application_form.html",
        {"form": form, "household": household},
        status=400 if form.errors else 200,
    )


@access(APPLICATIONS)
@require_POST
@membership_required
def application_reevaluate(request: MemberRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(membership=request.membership, pk=pk)
    if application is None:
        raise Http404
    services.application_evaluate(application=application)
    messages.success(request, _("Evaluated again with the rules in force today."))
    return redirect("matching:application-detail", pk=pk)


@access(RULES_READ)
@membership_required
def ruleset_list(request: MemberRequest) -> HttpResponse:
    rule_sets = selectors.rule_set_list(membership=request.membership)
    return render(request, "matching/ruleset_list.html", {"rule_sets": rule_sets, "can_edit": RULES.allows(request)})


@access(RULES)
@require_http_methods(["GET", "POST"])
@membership_required
def ruleset_detail(request: MemberRequest, pk: int) -> HttpResponse:
    rule_set = selectors.rule_set_list(membership=request.membership).filter(pk=pk).first()
    if rule_set is None:
        raise Http404
    form = RuleForm(request.POST or None)
    if submit(form, lambda data: services.rule_add(actor=request.membership, rule_set=rule_set, **data)):
        messages.success(request, _("Rule added."))
        return redirect("matching:ruleset-detail", pk=pk)
    context = {"rule_set": rule_set, "form": form, "kinds": RuleSet.Kind}
    return render(request, "matching/ruleset_detail.html", context, status=400 if form.errors else 200)


# Rounds --------------------------------------------------------------------------------------------


@access(ROUNDS_READ)
@membership_required
def round_list(request: MemberRequest) -> HttpResponse:
    rounds = selectors.round_list(membership=request.membership)
    can_run = ROUNDS.allows(request)
    context: dict[str, Any] = {
        "page": Paginator(rounds, 30).get_page(request.GET.get("page")),
        "can_run": can_run,
        "agreements": selectors.agreements_in_force(membership=request.membership) if can_run else [],
    }
    return render(request, "matching/round_list.html", context)


@access(ROUNDS)
@require_POST
@membership_required
def round_start(request: MemberRequest) -> HttpResponse:
    """Snapshot the inputs now and solve them in the background; the progress bar follows it."""
    from abitare.matching.tasks import round_solve_task

    membership = request.membership
    agreement = None
    if request.POST.get("agreement"):
        # A joint round under a sharing agreement in force (the service checks it is).
        agreement_id = request.POST["agreement"]
        agreement = (
            selectors.agreement_get(membership=membership, pk=int(agreement_id)) if agreement_id.isdigit() else None
        )
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
    found = selectors.round_get(membership=membership, pk=pk)
    if found is None:
        raise Http404
    context: dict[str, Any] = {
        "round": found,
        "report": selectors.round_report(round=found),
        "report_columns": selectors.round_report_columns(round=found),
        "engine": found.result.get("engine", {}),
        "rows": selectors.proposal_rows(membership=membership, round=found),
    }
    return render(request, "matching/round_detail.html", context)


@access(ROUNDS_READ)
@membership_required
def proposal_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    proposal = selectors.proposal_get(membership=membership, pk=pk)
    if proposal is None:
        raise Http404
    if selectors.proposal_household(membership=membership, proposal=proposal).own:
        # The other side of a joint round sees no personal data of this household: no read to log.
        log_read(request, proposal.application, actor=actor_of(request))
    return _proposal_page(request, proposal, ProposalReviewForm())


def _proposal_page(
    request: HttpRequest, proposal: Proposal, form: ProposalReviewForm | None = None, **offer_forms: Any
) -> HttpResponse:
    from abitare.matching.offer_views import proposal_offer_context

    form = form or ProposalReviewForm()
    membership = actor_of(request)
    context: dict[str, Any] = {
        "proposal": proposal,
        "round": proposal.round,
        "household": selectors.proposal_household(membership=membership, proposal=proposal),
        "parts": selectors.proposal_score_parts(membership=membership, proposal=proposal),
        "limits": selectors.proposal_limits(membership=membership, proposal=proposal),
        "refusals": selectors.proposal_explanation(membership=membership, proposal=proposal),
        "form": form,
        "can_review": ROUNDS.allows(request)
        and proposal.status == Proposal.Status.PROPOSED
        and may_review_proposal(membership, proposal),
        **proposal_offer_context(request, proposal, **offer_forms),
    }
    failed = form.errors or any(other.errors for other in offer_forms.values())
    return render(request, "matching/round_proposal.html", context, status=400 if failed else 200)


@access(ROUNDS)
@require_POST
@membership_required
def proposal_review(request: MemberRequest, pk: int) -> HttpResponse:
    """Approve or reject a proposal; a rejection needs its reason."""
    membership = request.membership
    proposal = selectors.proposal_get(membership=membership, pk=pk)
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
    return _proposal_page(request, proposal, form)


# Sharing agreements --------------------------------------------------------------------------------


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
    context = {"agreements": selectors.agreement_list(membership=membership), "form": form}
    return render(request, "matching/agreement_list.html", context, status=400 if form.errors else 200)


@access(AGREEMENTS)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_page(request, pk, AgreementEndForm())


def _agreement_page(request: HttpRequest, pk: int, end_form: AgreementEndForm) -> HttpResponse:
    membership = actor_of(request)
    agreement = selectors.agreement_get(membership=membership, pk=pk)
    if agreement is None or membership is None:
        raise Http404
    pending = agreement.status == SharingAgreement.Status.PENDING
    context: dict[str, Any] = {
        "agreement": agreement,
        "can_confirm": pending and agreement.partner_id == membership.organisation_id,
        "can_end": agreement.status != SharingAgreement.Status.ENDED,
        "end_form": end_form,
        "rounds": selectors.round_list(membership=membership).filter(agreement=agreement),
    }
    return render(request, "matching/agreement_detail.html", context, status=400 if end_form.errors else 200)


@access(AGREEMENTS)
@require_POST
@membership_required
def agreement_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    agreement = selectors.agreement_get(membership=membership, pk=pk)
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
    agreement = selectors.agreement_get(membership=membership, pk=pk)
    if agreement is None:
        raise Http404
    form = AgreementEndForm(request.POST)
    if submit(form, lambda data: services.agreement_end(actor=membership, agreement=agreement, reason=data["reason"])):
        messages.success(request, _("Agreement ended."))
        return redirect("matching:agreement-detail", pk=pk)
    return _agreement_page(request, pk, form)
