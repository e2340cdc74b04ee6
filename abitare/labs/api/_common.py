"""Helpers shared by the labs API modules: scoped lookups that answer 400 or 404, the date window
of a query and the rows of an occurrence list."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import ValidationFailed
from abitare.labs import selectors
from abitare.labs.recurrence import ROME

M = TypeVar("M", bound=Model)
T = TypeVar("T")

# The longest window one request may expand (a year and a bit).
MAX_WINDOW = datetime.timedelta(days=400)


def one_in_scope(queryset: QuerySet[M], pk: Any, field: str, message: Any) -> M:
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise ValidationFailed({field: [message]})
    return found


def territory_in_scope(membership: Membership, pk: int, field: str = "territory") -> Territory:
    territory = Territory.objects.filter(pk=pk, path__startswith=membership.territory.path).first()
    if territory is None:
        raise ValidationFailed({field: [_("No territory with this number in your scope.")]})
    return territory


def or_404(value: T | None) -> T:
    if value is None:
        raise Http404
    return value


def query_window(request: Request) -> tuple[datetime.datetime, datetime.datetime]:
    """``from``/``to`` (dates or datetimes) of the query; default: the next 28 days."""
    now = timezone.now()

    def parse(name: str, default: datetime.datetime) -> datetime.datetime:
        raw = request.query_params.get(name, "")
        if not raw:
            return default
        try:
            value = datetime.datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed({name: [_("Give a date (YYYY-MM-DD) or a date and time.")]}) from None
        return value.replace(tzinfo=ROME) if timezone.is_naive(value) else value

    start = parse("from", now)
    end = parse("to", start + datetime.timedelta(days=28))
    if end <= start:
        raise ValidationFailed({"to": [_("The end must come after the start.")]})
    if end - start > MAX_WINDOW:
        raise ValidationFailed({"to": [_("Ask for at most 400 days at a time.")]})
    return start, end


def occurrence_rows(items: list[selectors.DatedActivity]) -> list[dict[str, Any]]:
    return [
        {
            "activity": item.activity.pk,
            "title": item.activity.title,
            "lab": item.activity.lab_id,
            "lab_name": item.activity.lab.name,
            "place": item.activity.place_id,
            "place_name": item.activity.place.name,
            "start": item.start,
            "end": item.end,
            "original_start": item.occurrence.original_start,
            "moved": item.occurrence.moved,
            "audience": item.activity.audience,
            "is_free": item.activity.is_free,
            "registration_required": item.activity.registration_required,
        }
        for item in items
    ]


WINDOW_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATETIME, description="Start of the window (default: now)"),
    OpenApiParameter("to", OpenApiTypes.DATETIME, description="End of the window (default: 28 days later)"),
]


START_PARAMETER = OpenApiParameter("start", OpenApiTypes.DATETIME, required=True, description="Occurrence start")
