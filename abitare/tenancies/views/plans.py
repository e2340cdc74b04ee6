"""Pages of repayment plans (piani di rientro): list, agree a plan on a tenancy, a plan with its
instalments, position and state history; check now; cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error, submit
from abitare.core.idempotency import submitted_once
from abitare.tenancies.forms.recovery import PlanForm, ReasonForm
from abitare.tenancies.models import RepaymentPlan
from abitare.tenancies.permissions import RECOVERY
from abitare.tenancies.selectors import plans as selectors
from abitare.tenancies.selectors.arrears import arrears_rule_for
from abitare.tenancies.selectors.tenancy import tenancy_get
from abitare.tenancies.services import plans as services


@access(RECOVERY)
def plan_list(request: HttpRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "tenancies.plans", actor=actor_of(request))
    status = request.GET.get("status", "")
    plans = selectors.plan_list(actor=actor_of(request), status=status)
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    log_reads(request, [plan.tenancy for plan in page.object_list], actor=actor_of(request))
    context = {"page": page, "status": status, "status_choices": RepaymentPlan.Status.choices}
    return render(request, "tenancies/plan_list.html", context)


@access(RECOVERY)
@require_http_methods(["GET", "POST"])
@submitted_once
def plan_create(request: HttpRequest, tenancy_pk: int) -> HttpResponse:
    membership = actor_of(request)
    tenancy = tenancy_get(actor=membership, pk=tenancy_pk)
    if tenancy is None:
        raise Http404
    today = timezone.localdate()
    rule = arrears_rule_for(territory=tenancy.territory, on=today)
    owed = services.adjusted_balance(tenancy.pk, on=today, tolerance_days=rule.plan_tolerance_days)
    initial = {"debt": owed if owed > 0 else None, "split": RepaymentPlan.Split.EQUAL, "count": 6}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        custom = data["split"] == RepaymentPlan.Split.CUSTOM
        try:
            plan = services.plan_create(
                actor=membership,
                tenancy=tenancy,
                debt=data["debt"],
                first_due=data["first_due"],
                agreed_on=data["agreed_on"],
                creditor=data["creditor"],
                count=None if custom else data["count"],
                amounts=data.get("amounts") if custom else None,
                due_dates=data.get("due_dates") if custom else None,
                note=data.get("note", ""),
            )
        except DomainError as error:
            # The service speaks of instalments and due dates; the page asks for a count or lines.
            spelled = {"instalments": "lines" if custom else "count", "due_dates": "lines"}
            add_domain_error(form, error, lambda key: spelled.get(key, key if key in form.fields else None))
        else:
            messages.success(request, _("Repayment plan agreed."))
            return redirect("tenancies:plan-detail", pk=plan.pk)
    log_read(request, tenancy, actor=actor_of(request))
    context = {"form": form, "tenancy": tenancy, "owed": owed, "tolerance": rule.plan_tolerance_days}
    return render(request, "tenancies/plan_form.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, plan: RepaymentPlan, cancel: ReasonForm) -> HttpResponse:
    log_read(request, plan.tenancy, actor=actor_of(request))
    context: dict[str, Any] = {
        "plan": plan,
        "position": services.plan_position(plan),
        "changes": plan.changes.select_related("changed_by"),
        "cancel": cancel,
    }
    return render(request, "tenancies/plan_detail.html", context, status=400 if cancel.errors else 200)


@access(RECOVERY)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=actor_of(request), pk=pk)
    if plan is None:
        raise Http404
    return _detail(request, plan, ReasonForm())


@access(RECOVERY)
@require_POST
@membership_required
def plan_check(request: MemberRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=actor_of(request), pk=pk)
    if plan is None:
        raise Http404
    checked = services.plan_check(plan=plan, actor=request.membership)
    messages.success(request, _("Plan checked: %(status)s.") % {"status": checked.get_status_display()})
    return redirect("tenancies:plan-detail", pk=pk)


@access(RECOVERY)
@require_POST
@membership_required
def plan_cancel(request: MemberRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=actor_of(request), pk=pk)
    if plan is None:
        raise Http404
    form = ReasonForm(request.POST)
    if submit(form, lambda data: services.plan_cancel(actor=request.membership, plan=plan, reason=data["reason"])):
        messages.success(request, _("Plan cancelled."))
        return redirect("tenancies:plan-detail", pk=pk)
    return _detail(request, plan, form)
