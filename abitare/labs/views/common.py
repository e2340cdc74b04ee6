"""What the labs pages share: occurrence keys in URLs, the public forms' rate limit, and the
places and breadcrumb trail of the facilitators' pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.throttle import client_address, throttle_hit
from abitare.labs import selectors
from abitare.labs.models import Lab, Place

# Public sign-ups allowed per address in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60


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


def places_for(request: HttpRequest, lab: Lab | None = None) -> Any:
    in_scope = selectors.place_list(actor=actor_of(request)).values("pk")
    condition = Q(pk__in=in_scope)
    if lab is not None:
        condition |= Q(labs=lab)
    return Place.objects.filter(condition).distinct().order_by("name")


def your_labs() -> tuple[str, str]:
    """The facilitators' list of labs, as a step of a page's trail."""
    return _("Your labs"), reverse("labs:manage-lab-list")


def lab_url(lab: Lab) -> str:
    return reverse("labs:manage-lab", args=[lab.pk])


def lab_trail(lab: Lab) -> list[tuple[str, str]]:
    """The trail of a page about a lab: the list of labs, then the lab's own page."""
    return [your_labs(), (lab.name, lab_url(lab))]
