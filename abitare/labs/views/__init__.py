"""Pages of the labs: the public directory, calendars, feeds and sign-up form (no account, no
personal data shown), and the facilitators' attendance and head-count pages."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.access import PUBLIC, access
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.forms import add_domain_error
from abitare.core.throttle import client_address, throttle_hit
from abitare.labs import geo, selectors, services
from abitare.labs.forms import (
    AttendanceForm,
    CalendarSearchForm,
    DirectorySearchForm,
    PublicRegistrationForm,
    StaffRegistrationForm,
)
from abitare.labs.ics import calendar_for
from abitare.labs.models import Activity, Registration
from abitare.labs.permissions import FACILITATION
from abitare.labs.recurrence import ROME

# Public sign-ups allowed per address in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60
FEED_HISTORY = datetime.timedelta(days=90)
# Dates per page of the calendar's list view (a busy month has a thousand).
CALENDAR_PAGE = 40


def occurrence_key(moment: datetime.datetime) -> str:
    """An occurrence start as it appears in URLs: UTC, no '+' to escape."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_occurrence_key(value: str | None) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(value or "", "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def rate_limited(request: HttpRequest, scope: str) -> bool:
    """At most RATE_LIMIT posts of a public form per client address in RATE_WINDOW seconds,
    counted in the shared cache (so every server process sees the same count)."""
    return throttle_hit(f"labs:{scope}", client_address(request), limit=RATE_LIMIT, window=RATE_WINDOW)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 429, "message": _("Too many requests from your connection. Try again in a few minutes.")},
        status=429,
    )


# Public pages -------------------------------------------------------------------------------


def _origin(form: Any) -> geo.Point | None:
    """The point the citizen searches from: typed coordinates, or the centre of a neighbourhood."""
    data = form.cleaned_data
    if data.get("latitude") is not None and data.get("longitude") is not None:
        return geo.Point(float(data["latitude"]), float(data["longitude"]))
    if data.get("near") is not None:
        return selectors.territory_centre(territory=data["near"])
    return None


def _within(form: Any) -> float | None:
    value = form.cleaned_data.get("within_km")
    return float(value) if value is not None else None


@access(PUBLIC)
def lab_list(request: HttpRequest) -> HttpResponse:
    """The directory: labs by interest, neighbourhood, day of their activities and distance."""
    territories = selectors.territory_public_list()
    form = DirectorySearchForm(request.GET or None, territories=territories)
    filters: dict[str, Any] = {}
    origin = None
    if form.is_valid():
        filters = {
            "tag": form.cleaned_data["tag"].slug if form.cleaned_data["tag"] else "",
            "territory": form.cleaned_data["territory"],
            "weekday": form.cleaned_data["day"],
        }
        origin = _origin(form)
    labs = selectors.lab_public_list(**filters)
    rows: list[tuple[Any, float | None]]
    if origin is not None:
        rows = list(selectors.labs_by_distance(labs, origin=origin, within_km=_within(form)))
    else:
        rows = [(lab, None) for lab in labs]
    page = Paginator(rows, 24).get_page(request.GET.get("page"))
    return render(request, "labs/lab_list.html", {"form": form, "page": page, "by_distance": origin is not None})


@access(PUBLIC)
def lab_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_public_get(slug=slug)
    if lab is None:
        raise Http404
    now = timezone.now()
    upcoming = selectors.calendar_public(start=now, end=now + datetime.timedelta(weeks=4), lab=lab)
    return render(
        request,
        "labs/lab_detail.html",
        {"lab": lab, "upcoming": upcoming, "feed_url": reverse("labs:lab-feed", args=[lab.slug])},
    )


def _month(value: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _calendar_rows(items: list[selectors.DatedActivity], distances: dict[int, float]) -> list[dict[str, Any]]:
    """Plain rows for the week and month grids: a busy month has a thousand dates, and
    formatting them here costs a fraction of resolving the same lookups in the template."""
    urls: dict[int, str] = {}
    rows = []
    for item in items:
        activity = item.activity
        if activity.pk not in urls:
            urls[activity.pk] = reverse("labs:activity-detail", args=[activity.pk])
        rows.append(
            {
                "day": item.start.date(),
                "time": f"{item.start:%H:%M}",
                "iso": item.start.isoformat(),
                "url": urls[activity.pk],
                "title": activity.title,
                "lab": activity.lab.name,
                "place": activity.place.name,
                "km": distances.get(activity.place_id),
                "moved": item.occurrence.moved,
            }
        )
    return rows


def _week(value: str | None) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


@access(PUBLIC)
def activity_calendar(request: HttpRequest) -> HttpResponse:
    """Every published activity in a month (grid or list) or in a week, filtered by interest,
    neighbourhood, audience, day, time of day and distance."""
    month = _month(request.GET.get("month"))
    view = request.GET.get("view") if request.GET.get("view") in {"month", "week"} else "list"
    week = _week(request.GET.get("week"))
    if view == "week":
        month = week.replace(day=1)
    form = CalendarSearchForm(request.GET or None, territories=selectors.territory_public_list())
    filters: dict[str, Any] = {}
    moment: dict[str, Any] = {}
    origin = None
    if form.is_valid():
        filters = {
            "tag": form.cleaned_data["tag"].slug if form.cleaned_data["tag"] else "",
            "territory": form.cleaned_data["territory"],
            "audience": form.cleaned_data["audience"],
        }
        moment = {
            "weekday": form.cleaned_data["day"],
            "time_from": form.cleaned_data["time_from"],
            "time_to": form.cleaned_data["time_to"],
        }
        origin = _origin(form)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first_day, last_day = (week, week + datetime.timedelta(days=6)) if view == "week" else (weeks[0][0], weeks[-1][-1])
    grid_start = datetime.datetime.combine(first_day, datetime.time(), tzinfo=ROME)
    grid_end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=ROME)
    items = selectors.calendar_public(start=grid_start, end=grid_end, **filters)
    items = selectors.at_time_of_day(items, **moment)
    distances: dict[int, float] = {}
    if origin is not None:
        ranked = selectors.occurrences_by_distance(items, origin=origin, within_km=_within(form))
        items = [item for item, _distance in ranked]
        distances = {item.activity.place_id: distance for item, distance in ranked}
    by_day: dict[datetime.date, list[dict[str, Any]]] = defaultdict(list)
    if view != "list":
        for row in _calendar_rows(items, distances):
            by_day[row["day"]].append(row)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    query = request.GET.copy()
    for key in ("month", "week", "view"):
        query.pop(key, None)
    week_days = [week + datetime.timedelta(days=n) for n in range(7)]
    context = {
        "form": form,
        "month": month,
        "view": view,
        "week": week,
        "week_days": [(day, by_day.get(day, [])) for day in week_days],
        "next_week": f"{week + datetime.timedelta(days=7):%Y-%m-%d}",
        "previous_week": f"{week - datetime.timedelta(days=7):%Y-%m-%d}",
        "weeks": [[(day, by_day.get(day, [])) for day in week_row] for week_row in weeks],
        "page": Paginator([item for item in items if item.start.month == month.month], CALENDAR_PAGE).get_page(
            request.GET.get("page")
        ),
        "distances": distances,
        "next_month": f"{next_month:%Y-%m}",
        "previous_month": f"{previous_month:%Y-%m}",
        "query": query.urlencode(),
        "weekdays": [_(label) for label in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")],
    }
    return render(request, "labs/activity_calendar.html", context)


@access(PUBLIC)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_public_get(pk=pk)
    if activity is None:
        raise Http404
    now = timezone.now()
    upcoming = selectors.occurrences_between([activity], now, now + datetime.timedelta(weeks=8))
    rows = [
        {
            "item": item,
            "key": occurrence_key(item.start),
            "places_left": selectors.places_left(activity=activity, start=item.start)
            if activity.registration_required
            else None,
        }
        for item in upcoming
    ]
    return render(request, "labs/activity_detail.html", {"activity": activity, "rows": rows})


@access(PUBLIC)
@require_http_methods(["GET", "POST"])
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A citizen signs up for one occurrence. The reply never tells who else registered, nor
    whether the address was already registered: the outcome arrives by e-mail."""
    activity = selectors.activity_public_get(pk=pk)
    start = parse_occurrence_key(request.GET.get("start") or request.POST.get("start"))
    if activity is None or start is None or not activity.registration_required:
        raise Http404
    done = redirect("labs:registration-done", pk=activity.pk)
    form = PublicRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "registration"):
            return too_many_requests(request)
        if form.is_valid():
            if form.cleaned_data["website"]:
                return done
            try:
                services.registration_create(
                    actor=None,
                    activity=activity,
                    start=start,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    first_time=form.cleaned_data["first_time"],
                    consent=form.cleaned_data["consent"],
                )
            except Conflict as error:
                if error.field == "email":
                    return done
                add_domain_error(form, error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return done
        status = 400
    context = {"activity": activity, "start": start, "key": occurrence_key(start), "form": form}
    return render(request, "labs/registration_form.html", context, status=status)


@access(PUBLIC)
def registration_done(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_public_get(pk=pk)
    if activity is None:
        raise Http404
    return render(request, "labs/registration_done.html", {"activity": activity})


def _feed(request: HttpRequest, activities: Any, name: str, filename: str) -> HttpResponse:
    now = timezone.now()
    calendar = calendar_for(
        activities,
        name=name,
        base_url=request.build_absolute_uri(reverse("labs:lab-list")),
        host=request.get_host().split(":")[0],
        now=now,
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _feed_activities(**filters: Any) -> Any:
    now = timezone.now()
    return selectors.activity_public_list(start=now - FEED_HISTORY, end=None, **filters)


@access(PUBLIC)
def feed_all(request: HttpRequest) -> HttpResponse:
    return _feed(request, _feed_activities(), _("Community labs"), "laboratori")


@access(PUBLIC)
def feed_lab(request: HttpRequest, slug: str) -> HttpResponse:
    lab = selectors.lab_public_get(slug=slug)
    if lab is None:
        raise Http404
    return _feed(request, _feed_activities(lab=lab), lab.name, lab.slug)


@access(PUBLIC)
def feed_territory(request: HttpRequest, pk: int) -> HttpResponse:
    territory = Territory.objects.filter(pk=pk).first()
    if territory is None:
        raise Http404
    return _feed(
        request,
        _feed_activities(territory=territory),
        _("Community labs: %(territory)s") % {"territory": territory.name},
        f"territorio-{territory.pk}",
    )


# Facilitators' pages ------------------------------------------------------------------------


@access(FACILITATION)
@membership_required
def manage_lab_list(request: MemberRequest) -> HttpResponse:
    """The labs the facilitator's organisation leads in their territory, with their activities."""
    labs = selectors.lab_list(actor=request.membership).prefetch_related("activities")
    return render(request, "labs/manage_lab_list.html", {"labs": labs})


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
