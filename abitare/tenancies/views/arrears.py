"""Pages of arrears (morosità): the cases on the work list, a case with the tenancy's statement,
the scan button, and the territory's rules (arrears rule and community-work hourly rate)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.selectors import territory_list
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error
from abitare.tenancies.forms.recovery import ArrearsRuleForm, RateForm
from abitare.tenancies.models import ArrearsCase
from abitare.tenancies.permissions import RECOVERY, RECOVERY_RULES, RECOVERY_RULES_READ
from abitare.tenancies.selectors import arrears as selectors
from abitare.tenancies.selectors.community import rate_list
from abitare.tenancies.selectors.ledger import statement_for
from abitare.tenancies.selectors.plans import plan_list
from abitare.tenancies.services import arrears as services
from abitare.tenancies.services.community import rate_add


@access(RECOVERY)
def case_list(request: HttpRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "tenancies.arrears", actor=actor_of(request))
    membership = actor_of(request)
    status = selectors.case_filters(request.GET)
    cases = selectors.arrears_case_list(actor=membership, status="" if status == "all" else status)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    log_reads(request, [case.tenancy for case in page.object_list], actor=actor_of(request))
    context: dict[str, Any] = {
        "page": page,
        "status": status,
        "status_choices": [*ArrearsCase.Status.choices, ("all", _("All"))],
        "rule": selectors.arrears_rule_for(territory=membership.territory, on=timezone.localdate()),
    }
    return render(request, "tenancies/arrears_list.html", context)


@access(RECOVERY)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case with the tenancy's statement of account attached, and its repayment plans."""
    membership = actor_of(request)
    case = selectors.arrears_case_get(actor=membership, pk=pk)
    if case is None:
        raise Http404
    log_read(request, case.tenancy, actor=actor_of(request))
    context = {
        "case": case,
        "statement": statement_for(case.tenancy),
        "plans": plan_list(actor=membership, tenancy_id=case.tenancy_id),
    }
    return render(request, "tenancies/arrears_detail.html", context)


@access(RECOVERY)
@require_POST
def arrears_scan(request: HttpRequest) -> HttpResponse:
    """Scan the operator's district now (the daily job does the same)."""
    membership = actor_of(request)
    district = services.district_of(membership)
    result = services.arrears_scan(district=district)
    messages.success(
        request,
        _("Arrears scan of %(district)s: %(opened)s cases opened, %(closed)s closed.")
        % {"district": result.district, "opened": result.opened, "closed": result.closed},
    )
    return redirect("tenancies:arrears-list")


@access(RECOVERY_RULES_READ)
@require_http_methods(["GET", "POST"])
@membership_required
def rules(request: MemberRequest) -> HttpResponse:
    """The arrears rule and the community-work hourly rate per territory; administrators add
    new versions (rules are data: a new row with its validity, never an edit)."""
    membership = actor_of(request)
    territories = territory_list(actor=membership)
    can_edit = RECOVERY_RULES.allows(request)
    rule_form = ArrearsRuleForm(territories=territories, prefix="rule")
    rate_form = RateForm(territories=territories, prefix="rate")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        which = request.POST.get("which")
        if which == "rule":
            rule_form = ArrearsRuleForm(request.POST, territories=territories, prefix="rule")
            form: Any = rule_form
        else:
            rate_form = RateForm(request.POST, territories=territories, prefix="rate")
            form = rate_form
        if form.is_valid():
            try:
                if which == "rule":
                    services.arrears_rule_add(actor=request.membership, **form.cleaned_data)
                else:
                    rate_add(actor=request.membership, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Rule saved."))
                return redirect("tenancies:recovery-rules")
    context = {
        "arrears_rules": selectors.arrears_rule_list(actor=membership),
        "rates": rate_list(actor=membership),
        "rule_form": rule_form,
        "rate_form": rate_form,
        "can_edit": can_edit,
        "in_force": selectors.arrears_rule_for(territory=membership.territory, on=timezone.localdate()),
    }
    failed = rule_form.errors or rate_form.errors
    return render(request, "tenancies/recovery_rules.html", context, status=400 if failed else 200)
