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
from abitare.core.pages import act, form_page
from abitare.labs import selectors, services
from abitare.labs.forms.manage import ActivityForm, AttendanceForm, ExceptionForm, StaffRegistrationForm
from abitare.labs.models import Activity, ActivityException, Lab, Registration
from abitare.labs.permissions import FACILITATION
from abitare.labs.recurrence import ROME
from abitare.labs.views.common import lab_trail, occurrence_key, parse_occurrence_key, places_for, your_labs


def _activity_url(activity: Activity) -> str:
    return reverse("labs:manage-activity", args=[activity.pk])


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
    here = f"{reverse('labs:registrations', args=[activity.pk])}?start={occurrence_key(start)}"
    form = StaffRegistrationForm(request.POST if "register" in request.POST else None)
    if request.method == "POST" and "cancel" in request.POST:
        to_cancel = (
            selectors.occurrence_registrations(activity=activity, start=start)
            .filter(pk=params.as_id(request.POST.get("cancel")) or 0)
            .first()
        )
        if to_cancel is None:
            raise Http404
        return act(
            request,
            lambda: services.registration_cancel(actor=actor, registration=to_cancel),
            done=here,
            success=_("Registration cancelled."),
        )
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
            return redirect(here)
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
    initial: dict[str, Any] = {"audience": "all", "is_free": True}
    if lab_id := params.query_id(request.GET, "lab"):
        initial["lab"] = lab_id
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        labs=selectors.lab_list(actor=request.membership),
        places=places_for(request),
        network=Lab.objects.filter(is_published=True).order_by("name"),
    )

    def save(data: dict[str, Any]) -> Activity:
        return services.activity_create(
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

    return form_page(
        request,
        form,
        heading=_("Schedule an activity"),
        trail=[your_labs()],
        save=save,
        done=_activity_url,
        success=_("Activity scheduled."),
    )


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def activity_exception(request: MemberRequest, pk: int) -> HttpResponse:
    """Cancel or move one date of an activity (registrations follow a moved date)."""
    activity = _staff_activity(request, pk)
    now = timezone.now()
    items = selectors.occurrences_between([activity], now, now + datetime.timedelta(weeks=26))
    dates = [
        (occurrence_key(item.occurrence.original_start), f"{item.occurrence.original_start:%d/%m/%Y %H:%M}")
        for item in items
    ]
    form = ExceptionForm(request.POST or None, initial={"original_start": request.GET.get("start", "")}, dates=dates)

    def save(data: dict[str, Any]) -> ActivityException:
        original = parse_occurrence_key(data["original_start"])
        if original is None:
            raise DomainError(_("Choose a date."), field="original_start")
        if data["kind"] == ActivityException.Kind.MOVED:
            return services.activity_occurrence_move(
                actor=request.membership,
                activity=activity,
                original_start=original,
                new_start=data["new_start"],
                note=data["note"],
            )
        return services.activity_occurrence_cancel(
            actor=request.membership, activity=activity, original_start=original, note=data["note"]
        )

    return form_page(
        request,
        form,
        heading=_("Cancel or move a date"),
        trail=[*lab_trail(activity.lab), (activity.title, _activity_url(activity))],
        save=save,
        done=_activity_url(activity),
        success=lambda change: (
            _("Date moved.") if change.kind == ActivityException.Kind.MOVED else _("Date cancelled.")
        ),
    )
