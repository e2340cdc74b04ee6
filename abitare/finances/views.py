"""Pages of household finances: the households followed, a household's budgets over time with
their chart, a month's budget, the debt inventory, restructuring plans and courses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.forms import submit
from abitare.core.idempotency import submitted_once
from abitare.core.pages import form_page
from abitare.finances import charts, selectors, services
from abitare.finances.forms import (
    BudgetCreateForm,
    BudgetLineForm,
    DebtForm,
    EnrolmentForm,
    HouseholdForm,
    PlanForm,
    PlanLineForm,
    PlanStatusForm,
)
from abitare.finances.models import Budget, RestructuringPlan
from abitare.finances.permissions import FINANCES
from abitare.registry.models import Household
from abitare.registry.selectors import household_list as registry_households


def _household_or_404(request: MemberRequest, pk: int) -> Household:
    household = registry_households(actor=request.membership).filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


@access(FINANCES)
@membership_required
def household_list(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    form = HouseholdForm(request.GET or None)
    if form.is_bound and form.is_valid():
        found = registry_households(actor=membership).filter(pk=form.cleaned_data["household"]).first()
        if found is not None:
            return redirect("finances:household", pk=found.pk)
        form.add_error("household", _("No household with this number in your territory."))
    households = selectors.finance_households(actor=membership)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), actor=request.membership)
    return render(
        request, "finances/household_list.html", {"page": page, "form": form}, status=400 if form.errors else 200
    )


def _chart_labels() -> dict[str, str]:
    return {
        "incomes": _("Incomes"),
        "expenses": _("Expenses"),
        "surplus": _("Surplus or deficit"),
        "month": _("Month"),
        "euro": _("Euro"),
    }


def _household_page(request: MemberRequest, household: Household, **forms_: forms.Form) -> HttpResponse:
    membership = request.membership
    debts = selectors.debt_list(actor=membership, household=household)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "household": household,
        "series": selectors.budget_series(actor=membership, household=household),
        "debts": debts,
        "debt_totals": selectors.debt_totals(debts=debts),
        "plans": selectors.plan_list(actor=membership, household=household),
        "enrolments": selectors.enrolment_list(actor=membership, household=household),
        "budget_form": forms_.get("budget_form") or BudgetCreateForm(initial={"month": today.replace(day=1)}),
        "plan_form": forms_.get("plan_form") or PlanForm(),
        "enrolment_form": forms_.get("enrolment_form")
        or EnrolmentForm(labs=selectors.lab_choices(actor=membership), initial={"enrolled_on": today}),
    }
    failed = any(form.errors for form in forms_.values())
    return render(request, "finances/household.html", context, status=400 if failed else 200)


@access(FINANCES)
@membership_required
def household(request: MemberRequest, pk: int) -> HttpResponse:
    found = _household_or_404(request, pk)
    log_read(request, found, purpose="household finances", actor=request.membership)
    return _household_page(request, found)


@access(FINANCES)
@membership_required
def budget_chart(request: MemberRequest, pk: int) -> JsonResponse:
    """The Vega-Lite specification of the household's budget over time (drawn by the page)."""
    found = _household_or_404(request, pk)
    log_read(request, found, purpose="household finances chart", actor=request.membership)
    rows = selectors.budget_series(actor=request.membership, household=found)
    spec = charts.budget_spec(rows, labels=_chart_labels(), title=_("Family budget month by month"))
    return JsonResponse(spec)


@access(FINANCES)
@require_POST
@membership_required
def budget_create(request: MemberRequest, pk: int) -> HttpResponse:
    found = _household_or_404(request, pk)
    form = BudgetCreateForm(request.POST)
    if done := submit(form, lambda data: services.budget_create(actor=request.membership, household=found, **data)):
        messages.success(request, _("Budget opened: add or correct its lines."))
        return redirect("finances:budget-detail", pk=done.value.pk)
    return _household_page(request, found, budget_form=form)


def _budget_or_404(request: MemberRequest, pk: int) -> Budget:
    budget = selectors.budget_get(actor=request.membership, pk=pk)
    if budget is None:
        raise Http404
    return budget


def _budget_page(request: MemberRequest, budget: Budget, form: BudgetLineForm | None = None) -> HttpResponse:
    context = {
        "budget": budget,
        "lines": budget.lines.all(),
        "totals": selectors.budget_totals(budget=budget),
        "form": form or BudgetLineForm(),
    }
    return render(request, "finances/budget_detail.html", context, status=400 if form and form.errors else 200)


@access(FINANCES)
@membership_required
def budget_detail(request: MemberRequest, pk: int) -> HttpResponse:
    budget = _budget_or_404(request, pk)
    log_read(request, budget, actor=request.membership)
    return _budget_page(request, budget)


@access(FINANCES)
@require_POST
@submitted_once
@membership_required
def budget_line_add(request: MemberRequest, pk: int) -> HttpResponse:
    budget = _budget_or_404(request, pk)
    form = BudgetLineForm(request.POST)
    if submit(form, lambda data: services.budget_line_add(actor=request.membership, budget=budget, **data)):
        messages.success(request, _("Line added."))
        return redirect("finances:budget-detail", pk=budget.pk)
    return _budget_page(request, budget, form)


@access(FINANCES)
@require_POST
@membership_required
def budget_line_remove(request: MemberRequest, pk: int) -> HttpResponse:
    line = selectors.budget_line_get(actor=request.membership, pk=pk)
    if line is None:
        raise Http404
    services.budget_line_remove(actor=request.membership, line=line)
    messages.success(request, _("Line removed."))
    return redirect("finances:budget-detail", pk=line.budget_id)


@access(FINANCES)
@require_http_methods(["GET", "POST"])
@submitted_once
def debt_create(request: MemberRequest, pk: int) -> HttpResponse:
    found = _household_or_404(request, pk)

    def save(data: dict[str, Any]) -> Any:
        data = dict(data)
        data.pop("closed_on")
        # An unticked box on a new debt means "decide by kind" (rent, utilities... are priority).
        data["priority"] = True if data["priority"] else None
        return services.debt_create(actor=request.membership, household=found, **data)

    return form_page(
        request,
        DebtForm(request.POST or None),
        heading=_("Add a debt"),
        intro=str(found),
        trail=[(str(found), reverse("finances:household", args=[found.pk]))],
        save=save,
        done=reverse("finances:household", args=[found.pk]),
        success=_("Debt added to the inventory."),
    )


@access(FINANCES)
@require_http_methods(["GET", "POST"])
@membership_required
def debt_update(request: MemberRequest, pk: int) -> HttpResponse:
    debt = selectors.debt_get(actor=request.membership, pk=pk)
    if debt is None:
        raise Http404
    log_read(request, debt, actor=request.membership)
    fields = [
        "creditor",
        "kind",
        "outstanding",
        "annual_rate",
        "monthly_instalment",
        "arrears",
        "priority",
        "closed_on",
    ]
    form = DebtForm(request.POST or None, initial={name: getattr(debt, name) for name in fields})
    household_url = reverse("finances:household", args=[debt.household_id])
    return form_page(
        request,
        form,
        heading=str(debt),
        intro=str(debt.household),
        trail=[(str(debt.household), household_url)],
        save=lambda data: services.debt_update(actor=request.membership, debt=debt, **data),
        done=household_url,
        success=_("Debt updated."),
    )


@access(FINANCES)
@require_POST
@membership_required
def plan_create(request: MemberRequest, pk: int) -> HttpResponse:
    found = _household_or_404(request, pk)
    form = PlanForm(request.POST)
    if done := submit(form, lambda data: services.plan_create(actor=request.membership, household=found, **data)):
        return redirect("finances:plan-detail", pk=done.value.pk)
    return _household_page(request, found, plan_form=form)


def _plan_or_404(request: MemberRequest, pk: int) -> RestructuringPlan:
    plan = selectors.plan_get(actor=request.membership, pk=pk)
    if plan is None:
        raise Http404
    return plan


def _open_debts(request: MemberRequest, plan: RestructuringPlan) -> Any:
    debts = selectors.debt_list(actor=request.membership, household=plan.household)
    return debts.filter(closed_on__isnull=True)


def _plan_page(request: MemberRequest, plan: RestructuringPlan, **forms_: forms.Form) -> HttpResponse:
    context = {
        "plan": plan,
        "lines": plan.lines.select_related("debt"),
        "summary": selectors.plan_summary(plan=plan),
        "line_form": forms_.get("line_form")
        or PlanLineForm(debts=_open_debts(request, plan), initial={"start_on": timezone.localdate()}),
        "status_form": forms_.get("status_form") or PlanStatusForm(),
    }
    failed = any(form.errors for form in forms_.values())
    return render(request, "finances/plan_detail.html", context, status=400 if failed else 200)


@access(FINANCES)
@membership_required
def plan_detail(request: MemberRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    log_read(request, plan, actor=request.membership)
    return _plan_page(request, plan)


@access(FINANCES)
@require_POST
@submitted_once
@membership_required
def plan_line_set(request: MemberRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = PlanLineForm(request.POST, debts=_open_debts(request, plan))
    if submit(form, lambda data: services.plan_line_set(actor=request.membership, plan=plan, **data)):
        messages.success(request, _("Plan line saved."))
        return redirect("finances:plan-detail", pk=plan.pk)
    return _plan_page(request, plan, line_form=form)


@access(FINANCES)
@require_POST
@membership_required
def plan_status(request: MemberRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = PlanStatusForm(request.POST)
    if submit(form, lambda data: services.plan_set_status(actor=request.membership, plan=plan, status=data["status"])):
        messages.success(request, _("Plan updated."))
        return redirect("finances:plan-detail", pk=plan.pk)
    return _plan_page(request, plan, status_form=form)


@access(FINANCES)
@require_POST
@membership_required
def enrolment_create(request: MemberRequest, pk: int) -> HttpResponse:
    found = _household_or_404(request, pk)
    form = EnrolmentForm(request.POST, labs=selectors.lab_choices(actor=request.membership))
    if submit(form, lambda data: services.enrolment_record(actor=request.membership, household=found, **data)):
        messages.success(request, _("Enrolment recorded."))
        return redirect("finances:household", pk=found.pk)
    return _household_page(request, found, enrolment_form=form)
