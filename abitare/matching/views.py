"""Applications (queue, detail with verdict and score by rule, new application) and rule sets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.permissions import membership_of
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.matching import selectors, services
from abitare.matching.forms import ApplicationForm, RuleForm
from abitare.matching.models import Application, RuleSet
from abitare.matching.permissions import APPLICATIONS, RULES, RULES_READ
from abitare.registry.selectors import household_get


@access(APPLICATIONS)
def application_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ApplicationFilters.from_query(request.GET)
    applications = selectors.application_list(membership=membership_of(request), filters=filters)
    context: dict[str, Any] = {
        "page": Paginator(applications, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "status_choices": Application.Status.choices,
        "pathway_choices": PATHWAY_CHOICES,
    }
    return render(request, "matching/application_list.html", context)


@access(APPLICATIONS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_of(request)
    application = selectors.application_get(membership=membership, pk=pk)
    if application is None:
        raise Http404
    log_read(request, application)
    eligibility = application.evaluation.get("eligibility", {})
    labels = {rule["code"]: rule["label"] for rule in eligibility.get("rules", [])}
    context: dict[str, Any] = {
        "application": application,
        "failed": [labels.get(code, code) for code in eligibility.get("failed", [])],
        "missing": [labels.get(code, code) for code in eligibility.get("missing", []) if code != "no_rule_set"],
        "no_rule_set": "no_rule_set" in eligibility.get("missing", []),
        "parts": selectors.score_parts_for(membership=membership, application=application),
    }
    return render(request, "matching/application_detail.html", context)


@access(APPLICATIONS)
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, household_pk: int) -> HttpResponse:
    membership = membership_of(request)
    household = household_get(membership=membership, pk=household_pk)
    territories = territory_list(membership=membership)
    initial = {"occupants": household.memberships.filter(end_date__isnull=True).count() or 1}
    form = ApplicationForm(request.POST or None, territories=territories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = services.application_submit(
                actor=membership,  # type: ignore[arg-type]
                household=household,
                pathway=data.pop("pathway"),
                occupants=data.pop("occupants"),
                monthly_income=data.pop("monthly_income"),
                preferred=list(data.pop("preferred")),
                excluded=list(data.pop("excluded")),
                **data,
            )
        except DomainError as error:
            for field, errors in error.field_errors().items():
                form.add_error(field if field in form.fields else None, errors)
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
def application_reevaluate(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(membership=membership_of(request), pk=pk)
    if application is None:
        raise Http404
    services.application_evaluate(application=application)
    messages.success(request, _("Evaluated again with the rules in force today."))
    return redirect("matching:application-detail", pk=pk)


@access(RULES_READ)
def ruleset_list(request: HttpRequest) -> HttpResponse:
    rule_sets = selectors.rule_set_list(membership=membership_of(request))
    return render(request, "matching/ruleset_list.html", {"rule_sets": rule_sets, "can_edit": RULES.allows(request)})


@access(RULES)
@require_http_methods(["GET", "POST"])
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = selectors.rule_set_list(membership=membership_of(request)).filter(pk=pk).first()
    if rule_set is None:
        raise Http404
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_add(actor=request.user, rule_set=rule_set, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            for field, errors in error.field_errors().items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Rule added."))
            return redirect("matching:ruleset-detail", pk=pk)
    context = {"rule_set": rule_set, "form": form, "kinds": RuleSet.Kind}
    return render(request, "matching/ruleset_detail.html", context, status=400 if form.errors else 200)
