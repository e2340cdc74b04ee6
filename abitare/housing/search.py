"""Units for the header's search: by code, building name or address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import SearchHit
from abitare.housing import selectors


def units(request: Any, query: str, limit: int) -> Iterator[SearchHit]:
    condition = Q()
    for word in query.split():
        condition &= Q(code__icontains=word) | Q(building__name__icontains=word) | Q(building__address__icontains=word)
    found = selectors.unit_list(actor=actor_of(request)).filter(condition).order_by("building__name", "code")
    for unit in found[:limit]:
        yield SearchHit(
            _("Housing units"),
            str(unit),
            reverse("housing:unit-detail", args=[unit.pk]),
            detail=f"{unit.building.address} · {unit.get_state_display()}",
        )
