"""Facilitators' pages of an activity: scheduling it, cancelling or moving a date, its dates with
sign-up counts, attendance and head counts, and the registrations of a date. Every page reads
through the scoped selectors (another organisation's activity answers 404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.core import params
from abitare.core.access import access
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error
from abitare.labs import selectors, services
from abitare.labs.forms.manage import ActivityForm, AttendanceForm, ExceptionForm, StaffRegistrationForm
from abitare.labs.models import Activity, ActivityException, Lab, Registration
from abitare.labs.permissions import FACILITATION
from abitare.labs.recurrence import ROME
from abitare.labs.views.common import form_page, occurrence_key, parse_occurrence_key, places_for, your_labs


def _staff_activity(request: HttpRequest, pk: int) -> Activity:
    activity = selectors.activity_get(actor=actor_of(request), pk=pk)
    if activity is None:
        raise Http404
    return activity


@access(FACILITATION)
def manage_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Occurrences of an activity from four weeks ago to eight weeks ahead, with sign-up counts."""
    activity = _staff_activity(request, pk)
    now = timezone.now()
    items = selectors.occurrences_between(
        [activity], now - datetime.timedelta(weeks=4), now + datetime.timedelta(weeks=8)
    )
    rows = [
        {
            "item": item,
            "key": occurrence_key(item.start),
            "places_left": selectors.places_left(activity=activity, start=item.start),
        }
        for item in items
    ]
    invitations = activity.invitations.select_related("lab").order_by("lab__name")
    context = {"activity": activity, "rows": rows, "invitations": invitations}
    return render(request, "labs/manage_activity.html", context)


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance by name (from the registrations, plus walk-ins) and anonymous head counts."""
    activity = _staff_activity(request, pk)
    start = parse_occurrence_key(request.GET.get("start"))
    if start is None:
        raise Http404
    try:
        services.occurrence_find(activity=activity, start=start)
    except DomainError as error:
        raise Http404 from error
    registrations = list(selectors.occurrence_registrations(activity=activity, start=start).filter(status="confirmed"))
    attendance = list(selectors.occurrence_attendance(activity=activity, start=start))
    present = {a.registration_id for a in attendance if a.registration_id}
    counts = selectors.occurrence_head_counts(activity=activity, start=start)
    form = AttendanceForm(request.POST or None, registrations=registrations, present=present, counts=counts)
    if request.method == "POST" and form.is_valid():
        actor = actor_of(request)
        try:
            walk_in = form.cleaned_data["walk_in"]
            services.attendance_record(
                actor=actor,
                activity=activity,
                start=start,
                present_registrations=form.present_ids(),
                walk_ins=[(walk_in, form.cleaned_data["walk_in_first_time"])] if walk_in else [],
            )
            services.head_count_record(actor=actor, activity=activity, start=start, counts=form.counts())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(f"{reverse('labs:attendance', args=[activity.pk])}?start={occurrence_key(start)}")
    context = {
        "activity": activity,
        "start": start,
        "form": form,
        "walk_ins": [a for a in attendance if a.registration_id is None],
    }
    return render(request, "labs/attendance_form.html", context, status=400 if form.errors else 200)


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
def registration_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A date's registrations (confirmed and waiting) for its facilitators, who may sign someone up
    on their behalf or cancel a registration (the first person waiting then gets the place)."""
    activity = _staff_activity(request, pk)
    start = parse_occurrence_key(request.GET.get("start"))
    if start is None:
        raise Http404
    actor = actor_of(request)
    form = StaffRegistrationForm(request.POST if "register" in request.POST else None)
    if request.method == "POST" and "cancel" in request.POST:
        registration = (
            selectors.occurrence_registrations(activity=activity, start=start)
            .filter(pk=params.as_id(request.POST.get("cancel")) or 0)
            .first()
        )
        if registration is None:
            raise Http404
        try:
            services.registration_cancel(actor=actor, registration=registration)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Registration cancelled."))
        return redirect(f"{reverse('labs:registrations', args=[activity.pk])}?start={occurrence_key(start)}")
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=actor,
                activity=activity,
                start=start,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Registered: the place is confirmed."))
            else:
                messages.info(request, _("The activity is full: the person is on the waiting list."))
            return redirect(f"{reverse('labs:registrations', args=[activity.pk])}?start={occurrence_key(start)}")
    registrations = selectors.occurrence_registrations(activity=activity, start=start).exclude(
        status=Registration.Status.CANCELLED
    )
    context = {
        "activity": activity,
        "start": start,
        "form": form,
        "registrations": registrations,
        "places_left": selectors.places_left(activity=activity, start=start),
    }
    return render(request, "labs/registration_manage.html", context, status=400 if form.errors else 200)


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def activity_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    labs = selectors.lab_list(actor=membership)
    initial: dict[str, Any] = {"audience": "all", "is_free": True}
    if lab_id := params.query_id(request.GET, "lab"):
        initial["lab"] = lab_id
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        labs=labs,
        places=places_for(request),
        network=Lab.objects.filter(is_published=True).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                actor=request.membership,
                lab=data["lab"],
                title=data["title"],
                place=data["place"],
                start=data["start"].astimezone(ROME),
                end=data["end"],
                rrule=data["rrule"],
                description=data["description"],
                kind=data["kind"],
                capacity=data["capacity"],
                audience=data["audience"],
                tags=[services.tag_get_or_create(name=name) for name in form.tag_names()],
                is_free=data["is_free"],
                registration_required=data["registration_required"],
                participating_labs=list(data["participating_labs"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("labs:manage-activity", pk=activity.pk)
    return form_page(request, form, _("Schedule an activity"), your_labs())


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def activity_exception(request: MemberRequest, pk: int) -> HttpResponse:
    """Cancel or move one date of an activity (registrations follow a moved date)."""
    activity = selectors.activity_get(actor=request.membership, pk=pk)
    if activity is None:
        raise Http404
    now = timezone.now()
    items = selectors.occurrences_between([activity], now, now + datetime.timedelta(weeks=26))
    dates = [
        (occurrence_key(item.occurrence.original_start), f"{item.occurrence.original_start:%d/%m/%Y %H:%M}")
        for item in items
    ]
    initial = {"original_start": request.GET.get("start", "")}
    form = ExceptionForm(request.POST or None, initial=initial, dates=dates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        original = parse_occurrence_key(data["original_start"])
        actor = actor_of(request)
        try:
            if original is None:
                raise DomainError(_("Choose a date."), field="original_start")
            if data["kind"] == ActivityException.Kind.MOVED:
                services.activity_occurrence_move(
                    actor=actor,
                    activity=activity,
                    original_start=original,
                    new_start=data["new_start"],
                    note=data["note"],
                )
            else:
                services.activity_occurrence_cancel(
                    actor=actor, activity=activity, original_start=original, note=data["note"]
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("labs:manage-activity", pk=activity.pk)
    back = (reverse("labs:manage-activity", args=[pk]), activity.title)
    return form_page(request, form, _("Cancel or move a date"), back)
