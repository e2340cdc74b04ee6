"""Open Referral HSDS 3.0 read-only endpoints under /api/hsds/: public, no personal data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone

from abitare.accounts.models import Organisation
from abitare.core import params
from abitare.core.access import PUBLIC, access
from abitare.labs import hsds, selectors
from abitare.labs.models import Activity

# Services that ended more than this long ago drop out of the directory.
HISTORY = datetime.timedelta(days=365)
MAX_PER_PAGE = 200


def _activities() -> QuerySet[Activity]:
    return (
        selectors.activity_public_list(start=timezone.now() - HISTORY, end=None)
        .select_related("lab__organisation", "place")
        .prefetch_related("place__opening_hours")
        .order_by("pk")
    )


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(labs__is_published=True).distinct().order_by("pk")


def _paged(request: HttpRequest, queryset: QuerySet[Any], render: Callable[[Any], dict[str, Any]]) -> JsonResponse:
    try:
        number = max(1, params.query_int(request.GET, "page") or 1)
        size = min(MAX_PER_PAGE, max(1, params.query_int(request.GET, "per_page") or 50))
    except params.InvalidParameter:
        return JsonResponse({"error": {"code": "invalid", "message": "page and per_page are integers"}}, status=400)
    paginator = Paginator(queryset, size)
    items = [render(obj) for obj in paginator.get_page(number)] if number <= paginator.num_pages else []
    return JsonResponse(hsds.page(items, number=number, size=size, total=paginator.count))


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("labs:lab-list"))


@access(PUBLIC)
def meta(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "version": hsds.HSDS_VERSION,
            "profile": hsds.HSDS_PROFILE,
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }
    )


@access(PUBLIC)
def service_list(request: HttpRequest) -> JsonResponse:
    base = _base_url(request)
    return _paged(request, _activities(), lambda a: hsds.service(a, base_url=base, nested=False))


@access(PUBLIC)
def service_detail(request: HttpRequest, hsds_id: str) -> JsonResponse:
    activity = _activities().filter(pk=hsds.hsds_pk("service", hsds_id) or 0).first()
    if activity is None:
        raise Http404
    return JsonResponse(hsds.service(activity, base_url=_base_url(request)))


@access(PUBLIC)
def organization_list(request: HttpRequest) -> JsonResponse:
    return _paged(request, _organisations(), hsds.organization)


@access(PUBLIC)
def organization_detail(request: HttpRequest, hsds_id: str) -> JsonResponse:
    organisation = _organisations().filter(pk=hsds.hsds_pk("organization", hsds_id) or 0).first()
    if organisation is None:
        raise Http404
    data = hsds.organization(organisation, full=True)
    base = _base_url(request)
    data["services"] = [
        hsds.service(a, base_url=base, nested=False) for a in _activities().filter(lab__organisation=organisation)
    ]
    return JsonResponse(data)


@access(PUBLIC)
def service_at_location_list(request: HttpRequest) -> JsonResponse:
    return _paged(request, _activities(), hsds.service_at_location)


@access(PUBLIC)
def service_at_location_detail(request: HttpRequest, hsds_id: str) -> JsonResponse:
    activity = _activities().filter(pk=hsds.hsds_pk("service_at_location", hsds_id) or 0).first()
    if activity is None:
        raise Http404
    return JsonResponse(hsds.service_at_location(activity, with_service=True))
