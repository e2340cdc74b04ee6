"""Applications: the queue, one application with its verdict and score by rule, a new
application for a household, and re-evaluation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error
from abitare.matching import selectors, services
from abitare.matching.forms import ApplicationForm
from abitare.matching.models import Application
from abitare.matching.permissions import (
    APPLICATIONS,
)
from abitare.registry.selectors import household_get


@access(APPLICATIONS)
@membership_required
def application_list(request: MemberRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "matching.applications", actor=request.membership)
    filters = selectors.ApplicationFilters.from_query(request.GET)
    applications = selectors.application_list(actor=request.membership, filters=filters)
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
    application = selectors.application_get(actor=membership, pk=pk)
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
        "parts": selectors.score_parts_for(actor=membership, application=application),
        "offers": selectors.offers_of_application(actor=membership, application=application),
    }
    return render(request, "matching/application_detail.html", context)


@access(APPLICATIONS)
@require_http_methods(["GET", "POST"])
@membership_required
def application_create(request: MemberRequest, household_pk: int) -> HttpResponse:
    membership = request.membership
    household = household_get(actor=membership, pk=household_pk)
    territories = territory_list(actor=membership)
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
    application = selectors.application_get(actor=request.membership, pk=pk)
    if application is None:
        raise Http404
    services.application_evaluate(application=application)
    messages.success(request, _("Evaluated again with the rules in force today."))
    return redirect("matching:application-detail", pk=pk)
