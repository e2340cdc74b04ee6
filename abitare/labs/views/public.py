"""Public pages of the labs: the directory, a lab's page, the calendar, an activity's dates and the
sign-up form (no account, no personal data shown)."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.core.access import PUBLIC, access
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.forms import add_domain_error
from abitare.labs import geo, selectors, services
from abitare.labs.forms.public import CalendarSearchForm, DirectorySearchForm, PublicRegistrationForm
from abitare.labs.recurrence import ROME
from abitare.labs.views.common import occurrence_key, parse_occurrence_key, rate_limited, too_many_requests

# Dates per page of the calendar's list view (a busy month has a thousand).
CALENDAR_PAGE = 40


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
        "page": Paginator(_listed(items, month), CALENDAR_PAGE).get_page(request.GET.get("page")),
        "distances": distances,
        "next_month": f"{next_month:%Y-%m}",
        "previous_month": f"{previous_month:%Y-%m}",
        "query": query.urlencode(),
        "weekdays": [_(label) for label in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")],
    }
    return render(request, "labs/activity_calendar.html", context)


def _listed(items: list[selectors.DatedActivity], month: datetime.date) -> list[selectors.DatedActivity]:
    """The list view's dates: the month's, and in the current month from today on (a phone page
    starts with what is still to come)."""
    today = timezone.localdate()
    listed = [item for item in items if item.start.month == month.month]
    if (month.year, month.month) == (today.year, today.month):
        listed = [item for item in listed if timezone.localtime(item.end).date() >= today]
    return listed


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
    """A citizen signs up for one occurrence. The reply says what happened to this registration
    (a confirmed place, the waiting list, or the address already registered for this date), to
    the browser that sent it only, and never who else registered; the outcome also arrives by
    e-mail."""
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
                registration = services.registration_create(
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
                    _remember_outcome(request, activity.pk, start, ALREADY_REGISTERED)
                    return done
                add_domain_error(form, error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                _remember_outcome(request, activity.pk, start, registration.status)
                return done
        status = 400
    context = {"activity": activity, "start": start, "key": occurrence_key(start), "form": form}
    return render(request, "labs/registration_form.html", context, status=status)


# The outcome of this browser's last registration, shown once on the page that follows it.
OUTCOME_KEY = "labs_registration_outcome"
ALREADY_REGISTERED = "already"


def _remember_outcome(request: HttpRequest, activity_pk: int, start: datetime.datetime, outcome: str) -> None:
    request.session[OUTCOME_KEY] = {"activity": activity_pk, "start": occurrence_key(start), "outcome": outcome}


@access(PUBLIC)
def registration_done(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_public_get(pk=pk)
    if activity is None:
        raise Http404
    context: dict[str, Any] = {"activity": activity}
    remembered = request.session.get(OUTCOME_KEY) or {}
    start = parse_occurrence_key(remembered.get("start"))
    if remembered.get("activity") == activity.pk and start is not None:
        window = datetime.timedelta(minutes=1)
        item = next(
            (
                one
                for one in selectors.occurrences_between([activity], start - window, start + window)
                if one.start == start
            ),
            None,
        )
        context.update({"outcome": remembered.get("outcome"), "item": item, "key": remembered["start"]})
    return render(request, "labs/registration_done.html", context)
