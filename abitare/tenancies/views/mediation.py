"""Pages of mediation cases between neighbours, co-tenants or owner and tenant. Every case shown
goes to the access log, and every note shown too (notes come only from the selectors that answer
``None`` to a member without the sensitive-data permission)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.pages import form_page
from abitare.tenancies.forms.support import (
    MediationCloseForm,
    MediationForm,
    MeetingForm,
    NoteForm,
)
from abitare.tenancies.models.support import MediationCase
from abitare.tenancies.permissions import SUPPORT, SUPPORT_SENSITIVE
from abitare.tenancies.selectors import support as selectors
from abitare.tenancies.services import support as services
from abitare.tenancies.views.support_parts import cases_crumb, household_people, meeting_rows

PAGE_SIZE = 25


# Mediation cases --------------------------------------------------------------------------------


@access(SUPPORT)
@membership_required
def mediation_list(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    filters = selectors.MediationFilters.from_query(request.GET)
    cases = selectors.mediation_list(actor=membership, filters=filters, user=request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=request.membership)
    context = {
        "page": page,
        "filters": filters,
        "status_choices": [*MediationCase.Status.choices, ("all", _("All"))],
    }
    template = "tenancies/support_mediation_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def mediation_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    return form_page(
        request,
        MediationForm(request.POST or None, membership=membership),
        heading=_("New mediation case"),
        trail=[cases_crumb()],
        save=lambda data: services.mediation_open(actor=membership, **data),
        done=lambda case: reverse("tenancies:mediation-detail", args=[case.pk]),
        success=_("Mediation case opened."),
    )


@access(SUPPORT)
@membership_required
def mediation_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    case = selectors.mediation_get(actor=membership, pk=pk)
    log_read(request, case, actor=request.membership)
    meetings = list(selectors.case_meetings(case=case))
    meeting_notes = selectors.meeting_notes(actor=membership, meetings=meetings)
    case_notes = selectors.mediation_notes(actor=membership, case=case)
    read: list[Model] = [*(case_notes or []), *(n for group in (meeting_notes or {}).values() for n in group)]
    if read:
        log_reads(request, read, purpose="sensitive", actor=request.membership)
    context = {
        "case": case,
        "households": list(case.households.all()),
        "units": list(case.units.all()),
        "meeting_rows": meeting_rows(meetings, meeting_notes),
        "notes": meeting_notes,
        "case_notes": case_notes,
        "may_write_notes": case_notes is not None,
    }
    return render(request, "tenancies/support_mediation_detail.html", context)


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def mediation_meeting_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    case = selectors.mediation_get(actor=membership, pk=pk)
    people = household_people(case.households.values("id"))
    form = MeetingForm(request.POST or None, membership=membership, people=people, initial={"kind": "joint"})
    return form_page(
        request,
        form,
        heading=_("New meeting"),
        trail=[cases_crumb(), (str(case), reverse("tenancies:mediation-detail", args=[case.pk]))],
        save=lambda data: services.meeting_record(actor=membership, mediation=case, **data),
        done=reverse("tenancies:mediation-detail", args=[case.pk]) + "#meetings",
        success=_("Meeting recorded."),
    )


@access(SUPPORT_SENSITIVE)
@require_http_methods(["GET", "POST"])
@membership_required
def mediation_note_create(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    case = selectors.mediation_get(actor=membership, pk=pk)
    back = reverse("tenancies:mediation-detail", args=[case.pk])
    return form_page(
        request,
        NoteForm(request.POST or None),
        heading=_("Note on the case"),
        trail=[cases_crumb(), (str(case), back)],
        save=lambda data: services.mediation_note_add(actor=membership, case=case, **data),
        done=back + "#notes",
        success=_("Note saved."),
    )


@access(SUPPORT)
@require_http_methods(["GET", "POST"])
@membership_required
def mediation_close(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    case = selectors.mediation_get(actor=membership, pk=pk)
    back = reverse("tenancies:mediation-detail", args=[case.pk])
    return form_page(
        request,
        MediationCloseForm(request.POST or None),
        heading=_("Close the mediation case"),
        trail=[cases_crumb(), (str(case), back)],
        save=lambda data: services.mediation_close(actor=membership, case=case, **data),
        done=back,
        success=_("Mediation case closed."),
    )
