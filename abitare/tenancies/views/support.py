"""Pages of support plans and mediation cases. Views parse input, call a service or a selector and
render; every plan or case shown goes to the access log, and every note shown too (notes come
only from the selectors that answer ``None`` to a member without the sensitive-data permission)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import Membership
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.pages import form_page
from abitare.tenancies.forms.support import (
    GoalForm,
    GoalStatusForm,
    MeetingForm,
    NoteForm,
    PlanCloseForm,
    PlanEditForm,
    PlanForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from abitare.tenancies.models.support import Goal, Meeting, Referral, SupportPlan
from abitare.tenancies.permissions import SUPPORT, SUPPORT_SENSITIVE
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.services.support import NewGoal
from abitare.tenancies.views.support_parts import cases_crumb, household_people, meeting_rows, plans_crumb

PAGE_SIZE = 25


# Plans ------------------------------------------------------------------------------------------


@access(SUPPORT)
@membership_required
def support_plan_list(request: MemberRequest) -> HttpResponse:
    """Plans with filters (status, household, mine, review due); htmx swaps only the results."""
    membership = request.membership
    filters = selectors.PlanFilters.from_query(request.GET)
    plans = selectors.support_plan_list(actor=membership, filters=filters, user=request.user)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=request.membership)
    context = {
        "page": page,
        "filters": filters,
        "status_choices": [*SupportPlan.Status.choices, ("all", _("All"))],
        "today": timezone.localdate(),
    }
    template = "tenancies/support_plan_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def support_plan_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
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

    return form_page(
        request,
        form,
        heading=_("New support plan"),
        trail=[plans_crumb()],
        save=save,
        done=lambda plan: reverse("tenancies:support-plan-detail", args=[plan.pk]),
        success=_("Support plan opened."),
    )


def _plan_context(request: MemberRequest, membership: Membership, plan: SupportPlan) -> dict[str, Any]:
    meetings = list(selectors.plan_meetings(plan=plan))
    notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    if notes:
        log_reads(
            request, [note for group in notes.values() for note in group], purpose="sensitive", actor=request.membership
        )
    today = timezone.localdate()
    return {
        "plan": plan,
        "goals": list(plan.goals.all()),
        "meeting_rows": meeting_rows(meetings, notes),
        "notes": notes,
        "referrals": list(plan.referrals.all()),
        "status_form": GoalStatusForm(),
        "today": today,
        "may_write_notes": notes is not None,
    }


@access(SUPPORT)
@membership_required
def support_plan_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    log_read(request, plan, actor=request.membership)
    return render(request, "tenancies/support_plan_detail.html", _plan_context(request, membership, plan))


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def support_plan_edit(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    initial = {"key_worker": plan.key_worker_id, "next_review_on": plan.next_review_on}
    form = PlanEditForm(request.POST or None, membership=membership, initial=initial)
    return form_page(
        request,
        form,
        heading=_("Review the plan"),
        trail=[plans_crumb(), (str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk]))],
        save=lambda data: services.support_plan_update(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]),
        success=_("Plan updated."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def support_plan_close(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    return form_page(
        request,
        PlanCloseForm(request.POST or None),
        heading=_("Close the plan"),
        trail=[plans_crumb(), (str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk]))],
        save=lambda data: services.support_plan_close(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]),
        success=_("Plan closed."),
    )


# Goals ------------------------------------------------------------------------------------------


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def goal_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    return form_page(
        request,
        GoalForm(request.POST or None, plan=plan),
        heading=_("New goal"),
        trail=[plans_crumb(), (str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk]))],
        save=lambda data: services.goal_add(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#goals",
        success=_("Goal added."),
    )


@access(SUPPORT)
@require_POST
@membership_required
def goal_status(request: MemberRequest, pk: int) -> HttpResponse:
    """Move a goal to another status; with htmx only the goals section is swapped."""
    membership = request.membership
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
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Goal updated."))
        return redirect(reverse("tenancies:support-plan-detail", args=[goal.plan_id]) + "#goals")
    plan = selectors.support_plan_get(actor=membership, pk=goal.plan_id)
    context = {**_plan_context(request, membership, plan), "goal_error": error}
    return render(request, "tenancies/support_plan_detail.html#goals", context, status=400 if error else 200)


# Meetings and notes -----------------------------------------------------------------------------


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def meeting_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    people = household_people([plan.household_id])
    form = MeetingForm(request.POST or None, membership=membership, people=people)
    return form_page(
        request,
        form,
        heading=_("New meeting"),
        trail=[plans_crumb(), (str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk]))],
        save=lambda data: services.meeting_record(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#meetings",
        success=_("Meeting recorded."),
    )


@access(SUPPORT_SENSITIVE)
@require_http_methods(["GET", "POST"])
@membership_required
def meeting_note_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    meeting: Meeting = selectors.meeting_get(actor=membership, pk=pk)
    if meeting.plan_id:
        back = reverse("tenancies:support-plan-detail", args=[meeting.plan_id]) + "#meetings"
        label = str(meeting.plan)
        root = plans_crumb()
    else:
        root = cases_crumb()
        back = reverse("tenancies:mediation-detail", args=[meeting.mediation_id]) + "#meetings"
        label = str(meeting.mediation)
    return form_page(
        request,
        NoteForm(request.POST or None),
        heading=_("Note on the meeting of %(date)s") % {"date": date_format(meeting.held_on, "DATE_FORMAT")},
        trail=[root, (label, back)],
        save=lambda data: services.meeting_note_add(actor=membership, meeting=meeting, **data),
        done=back,
        success=_("Note saved."),
    )


# Referrals --------------------------------------------------------------------------------------


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def referral_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    plan = selectors.support_plan_get(actor=membership, pk=pk)
    form = ReferralForm(request.POST or None, membership=membership)
    return form_page(
        request,
        form,
        heading=_("New referral"),
        trail=[plans_crumb(), (str(plan), reverse("tenancies:support-plan-detail", args=[plan.pk]))],
        save=lambda data: services.referral_send(actor=membership, plan=plan, **data),
        done=reverse("tenancies:support-plan-detail", args=[plan.pk]) + "#referrals",
        success=_("Referral recorded."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def referral_outcome(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    referral: Referral = selectors.referral_get(actor=membership, pk=pk)
    back = reverse("tenancies:support-plan-detail", args=[referral.plan_id]) + "#referrals"
    return form_page(
        request,
        ReferralOutcomeForm(request.POST or None),
        heading=_("Outcome of the referral to %(to)s") % {"to": referral},
        trail=[plans_crumb(), (str(referral.plan), back)],
        save=lambda data: services.referral_record_outcome(actor=membership, referral=referral, **data),
        done=back,
        success=_("Outcome recorded."),
    )
