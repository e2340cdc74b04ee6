"""Public pages of the network: the networks of labs (Agorà) with every lab's phase, reach and
next activities, and each lab's printable monthly poster."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from abitare.core.access import PUBLIC, access
from abitare.labs import poster, selectors


@access(PUBLIC)
def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "labs/network_list.html", {"territories": selectors.network_territories()})


@access(PUBLIC)
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """All labs of a territory with their phase, people reached in the last year and next dates,
    and the Agorà gatherings that bring them together."""
    territory = selectors.network_territories().filter(pk=pk).first()
    if territory is None:
        raise Http404
    now = timezone.now()
    rows = selectors.network_public(territory=territory, now=now)
    agora = selectors.occurrences_between(
        selectors.agora_public_list(territory=territory, start=now), now, now + datetime.timedelta(days=120)
    )
    context = {
        "territory": territory,
        "rows": rows,
        "agora": agora,
        "people": sum(row.reach.people for row in rows),
        "feed_url": reverse("labs:territory-feed", args=[territory.pk]),
    }
    return render(request, "labs/network_detail.html", context)


@access(PUBLIC)
def lab_poster(request: HttpRequest, slug: str) -> HttpResponse:
    """``?month=YYYY-MM`` (default: this month) and ``?size=A4`` or ``A3``."""
    lab = selectors.lab_public_get(slug=slug)
    size = request.GET.get("size", "A4").upper()
    if lab is None or size not in poster.SIZES:
        raise Http404
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        month = timezone.localdate().replace(day=1)
    page_url = request.build_absolute_uri(reverse("labs:lab-detail", args=[lab.slug]))
    pdf = poster.poster_pdf(lab=lab, month=month, page_url=page_url, size=size)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{lab.slug}-{month:%Y-%m}-{size}.pdf"'
    return response
