"""Pages of support plans and mediation cases. Views parse input, call a service or a selector and
render; every plan or case shown goes to the access log, and every note shown too (notes come
only from the selectors that answer ``None`` to a member without the sensitive-data permission)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import actor_of
from abitare.accounts.models import Membership
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.forms import submit
from abitare.registry.models import Person
from abitare.tenancies.forms.support import (
    GoalForm,
    GoalStatusForm,
    MediationCloseForm,
    MediationForm,
    MeetingForm,
    NoteForm,
    PlanCloseForm,
    PlanEditForm,
    PlanForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from abitare.tenancies.models.support import Goal, MediationCase, Meeting, Referral, SupportPlan
from abitare.tenancies.permissions import SUPPORT, SUPPORT_SENSITIVE
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.services.support import NewGoal

PAGE_SIZE = 25


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    heading: str,
    parent: tuple[str, str],
    save: Callable[[dict[str, Any]], Any],
    done: str,
    success: str,
) -> HttpResponse:
    """Validate the form, call the service; a refusal goes back on the form and nothing is saved."""
    if submit(form, save):
        messages.success(request, success)
        return redirect(done)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "heading": heading, "parent_label": parent[0], "parent_url": parent[1]}
    return render(request, "tenancies/support_form.html", context, status=status)


# Plans ------------------------------------------------------------------------------------------


@access(SUPPORT)
def support_plan_list(request: HttpRequest) -> HttpResponse:
    """Plans with filters (status, household, mine, review due); htmx swaps only the results."""
    membership = actor_of(request)
    filters = selectors.PlanFilters.from_query(request.GET)
    plans = selectors.support_plan_list(actor=membership, filters=filters, user=request.user)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=actor_of(request))
    context = {
        "page": page,
        "filters": filters,
        "status_choices": [*SupportPlan.Status.choices, ("all", _("All"))],
        "today": timezone.localdate(),
    }
    template = "tenancies/support_plan_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)  # type: ignore[attr-defined]


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def support_plan_create(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    household_id = params.query_id(request.GET, "household")
    initial = {"household": household_id} if household_id else {}
    form = PlanForm(request.POST or None, membership=membership, initial=initial)

    def save(data: dict[str, Any]) -> SupportPlan:
        return services.support_plan_open(
            actor=membership,
            household=data["household"],
            key_worker=data["key_worker"],
            started_on=data["started_on"],
            next_review_on=data["next_review_on"],
            tenancy=selectors.tenancy_active_of(household=data["household"]),
            goals=[NewGoal(title=data["goal"])] if data.get("goal") else [],
        )

    if done := submit(form, save):
        messages.success(request, _("Support plan opened."))
        return redirect("tenancies:support-plan-detail", pk=done.value.pk)
    context = {
        "form": form,
        "heading": _("New support plan"),
        "parent_label": _("Support plans"),
        "parent_url": reverse("tenancies:support-plan-list"),
    }
    return render(request, "tenancies/support_form.html", context, status=400 if request.method == "POST" else 200)


def _meeting_rows(meetings: list[Meeting], notes: dict[int, list[Any]] | None) -> list[tuple[Meeting, Any]]:
    """Each meeting with its notes, or with ``None`` when the member may not read notes."""
    return [(meeting, None if notes is None else notes.get(meeting.pk, [])) for meeting in meetings]


def _plan_context(request: HttpRequest, membership: Membership, plan: SupportPlan) -> dict[str, Any]:
    meetings = list(selectors.plan_meetings(plan=plan))
    notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    if notes:
        log_reads(
            request, [note for group in notes.values() for note in group], purpose="sensitive", actor=actor_of(request)
        )
    today = timezone.localdate()
    return {
        "plan": plan,
        "goals": list(plan.goals.all()),
        "meeting_rows": _meeting_rows(meetings, notes),
        "notes": notes,
        "referrals": list(plan.referrals.all()),
        "status_form": GoalStatusForm(),
        "today": today,
        "may_write_notes": notes is not None,
    }


@access(SUPPORT)
def support_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    log_read(request, plan, actor=actor_of(request))
    return render(request, "tenancies/support_plan_detail.html", _plan_context(request, membership, plan))


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def support_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    initial = {"key_worker": plan.key_worker_id, "next_review_on": plan.next_review_on}
    form = PlanEditForm(request.POST or None, membership=membership, initial=initial)
    return _form_page(
        request,
        form,
        heading=_("Review the plan"),
        parent=(str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk])),
        save=lambda data: services.support_plan_update(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]),
        success=_("Plan updated."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def support_plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    return _form_page(
        request,
        PlanCloseForm(request.POST or None),
        heading=_("Close the plan"),
        parent=(str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk])),
        save=lambda data: services.support_plan_close(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]),
        success=_("Plan closed."),
    )


# Goals ------------------------------------------------------------------------------------------


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    return _form_page(
        request,
        GoalForm(request.POST or None, plan=plan),
        heading=_("New goal"),
        parent=(str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk])),
        save=lambda data: services.goal_add(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#goals",
        success=_("Goal added."),
    )


@access(SUPPORT)
@require_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a goal to another status; with htmx only the goals section is swapped."""
    membership = actor_of(request)
    goal: Goal = selectors.goal_get(actor=membership, pk=pk)
    form = GoalStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.goal_change_status(actor=membership, goal=goal, status=form.cleaned_data["status"])
        except DomainError as refusal:
            error = str(refusal.message)
    else:
        error = _("Choose the status from the list.")
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Goal updated."))
        return redirect(reverse("tenancies:support-plan-detail", args=[goal.plan_id]) + "#goals")
    plan = selectors.support_plan_get(actor=membership, pk=goal.plan_id)
    context = {**_plan_context(request, membership, plan), "goal_error": error}
    return render(request, "tenancies/support_plan_detail.html#goals", context, status=400 if error else 200)


# Meetings and notes -----------------------------------------------------------------------------


def _household_people(household_ids: Any) -> Any:
    return (
        Person.objects.filter(household_memberships__household_id__in=household_ids)
        .distinct()
        .order_by("last_name", "first_name")
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    people = _household_people([plan.household_id])
    form = MeetingForm(request.POST or None, membership=membership, people=people)
    return _form_page(
        request,
        form,
        heading=_("New meeting"),
        parent=(str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk])),
        save=lambda data: services.meeting_record(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#meetings",
        success=_("Meeting recorded."),
    )


@access(SUPPORT_SENSITIVE)
@require_http_methods(["GET", "POST"])
def meeting_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    meeting: Meeting = selectors.meeting_get(actor=membership, pk=pk)
    if meeting.plan_id:
        back = reverse("tenancies:support-plan-detail", args=[meeting.plan_id]) + "#meetings"
        label = str(meeting.plan)
    else:
        back = reverse("tenancies:mediation-detail", args=[meeting.mediation_id]) + "#meetings"
        label = str(meeting.mediation)
    return _form_page(
        request,
        NoteForm(request.POST or None),
        heading=_("Note on the meeting of %(date)s") % {"date": meeting.held_on.strftime("%d/%m/%Y")},
        parent=(label, back),
        save=lambda data: services.meeting_note_add(actor=membership, meeting=meeting, **data),
        done=back,
        success=_("Note saved."),
    )


# Referrals --------------------------------------------------------------------------------------


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    form = ReferralForm(request.POST or None, membership=membership)
    return _form_page(
        request,
        form,
        heading=_("New referral"),
        parent=(str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk])),
        save=lambda data: services.referral_send(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#referrals",
        success=_("Referral recorded."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    referral: Referral = selectors.referral_get(actor=membership, pk=pk)
    back = reverse("tenancies:support-plan-detail", args=[referral.plan_id]) + "#referrals"
    return _form_page(
        request,
        ReferralOutcomeForm(request.POST or None),
        heading=_("Outcome of the referral to %(to)s") % {"to": referral},
        parent=(str(referral.plan), back),
        save=lambda data: services.referral_record_outcome(actor=membership, referral=referral, **data),
        done=back,
        success=_("Outcome recorded."),
    )


# Mediation cases --------------------------------------------------------------------------------


@access(SUPPORT)
def mediation_list(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    filters = selectors.MediationFilters.from_query(request.GET)
    cases = selectors.mediation_list(actor=membership, filters=filters, user=request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=actor_of(request))
    context = {
        "page": page,
        "filters": filters,
        "status_choices": [*MediationCase.Status.choices, ("all", _("All"))],
    }
    template = "tenancies/support_mediation_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)  # type: ignore[attr-defined]


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def mediation_create(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    form = MediationForm(request.POST or None, membership=membership)
    if done := submit(form, lambda data: services.mediation_open(actor=membership, **data)):
        messages.success(request, _("Mediation case opened."))
        return redirect("tenancies:mediation-detail", pk=done.value.pk)
    context = {
        "form": form,
        "heading": _("New mediation case"),
        "parent_label": _("Mediation cases"),
        "parent_url": reverse("tenancies:mediation-list"),
    }
    return render(request, "tenancies/support_form.html", context, status=400 if request.method == "POST" else 200)


@access(SUPPORT)
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    case = selectors.mediation_get(actor=membership, pk=pk)
    log_read(request, case, actor=actor_of(request))
    meetings = list(selectors.case_meetings(case=case))
    meeting_notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    case_notes = selectors.mediation_notes(actor=membership, case=case)
    read: list[Model] = [*(case_notes or []), *(n for group in (meeting_notes or {}).values() for n in group)]
    if read:
        log_reads(request, read, purpose="sensitive", actor=actor_of(request))
    context = {
        "case": case,
        "households": list(case.households.all()),
        "units": list(case.units.all()),
        "meeting_rows": _meeting_rows(meetings, meeting_notes),
        "notes": meeting_notes,
        "case_notes": case_notes,
        "may_write_notes": case_notes is not None,
    }
    return render(request, "tenancies/support_mediation_detail.html", context)


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def mediation_meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    case = selectors.mediation_get(actor=membership, pk=pk)
    people = _household_people(case.households.values("id"))
    form = MeetingForm(request.POST or None, membership=membership, people=people, initial={"kind": "joint"})
    return _form_page(
        request,
        form,
        heading=_("New meeting"),
        parent=(str(case), reverse("tenancies:mediation-detail", args=[case.pk])),
        save=lambda data: services.meeting_record(actor=membership, mediation=case, **data),
        done=reverse("tenancies:mediation-detail", args=[case.pk]) + "#meetings",
        success=_("Meeting recorded."),
    )


@access(SUPPORT_SENSITIVE)
@require_http_methods(["GET", "POST"])
def mediation_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    case = selectors.mediation_get(actor=membership, pk=pk)
    back = reverse("tenancies:mediation-detail", args=[case.pk])
    return _form_page(
        request,
        NoteForm(request.POST or None),
        heading=_("Note on the case"),
        parent=(str(case), back),
        save=lambda data: services.mediation_note_add(actor=membership, case=case, **data),
        done=back + "#notes",
        success=_("Note saved."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
def mediation_close(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    case = selectors.mediation_get(actor=membership, pk=pk)
    back = reverse("tenancies:mediation-detail", args=[case.pk])
    return _form_page(
        request,
        MediationCloseForm(request.POST or None),
        heading=_("Close the mediation case"),
        parent=(str(case), back),
        save=lambda data: services.mediation_close(actor=membership, case=case, **data),
        done=back,
        success=_("Mediation case closed."),
    )
