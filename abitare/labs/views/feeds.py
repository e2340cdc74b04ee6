"""Public iCalendar feeds: every lab, one lab, one territory; and one date of an activity."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abitare.accounts.models import Territory
from abitare.core.access import PUBLIC, access
from abitare.labs import selectors
from abitare.labs.ics import calendar_for, occurrence_calendar
from abitare.labs.views.common import parse_occurrence_key

FEED_HISTORY = datetime.timedelta(days=90)


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


@access(PUBLIC)
def occurrence_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Add to my calendar": one date of a published activity (``?start=`` as in the date's links)."""
    activity = selectors.activity_public_get(pk=pk)
    start = parse_occurrence_key(request.GET.get("start"))
    if activity is None or start is None:
        raise Http404
    window = datetime.timedelta(minutes=1)
    item = next(
        (
            item
            for item in selectors.occurrences_between([activity], start - window, start + window)
            if item.start == start
        ),
        None,
    )
    if item is None:
        raise Http404
    calendar = occurrence_calendar(
        activity,
        start=item.start,
        end=item.end,
        base_url=request.build_absolute_uri(reverse("labs:lab-list")),
        host=request.get_host().split(":")[0],
        now=timezone.now(),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{activity.lab.slug}-{item.start:%Y%m%d}.ics"'
    return response
