"""Tenancies for the header's search: by reference (code) or the unit's address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import SearchHit
from abitare.registry.permissions import address_view_of
from abitare.tenancies.selectors.tenancy import tenancy_list


def tenancies(request: Any, query: str, limit: int) -> Iterator[SearchHit]:
    # Searching by the unit must not tell where a household with a confidential address lives.
    addresses = address_view_of(request)
    where = addresses.search_filter("household_id")
    condition = Q()
    for word in query.split():
        condition &= (
            Q(reference__icontains=word)
            | (Q(unit__building__address__icontains=word) & where)
            | (Q(unit__building__name__icontains=word) & where)
            | Q(household__name__icontains=word)
        )
    for tenancy in tenancy_list(actor=actor_of(request)).filter(condition).order_by("-starts_on")[:limit]:
        yield SearchHit(
            _("Tenancies"),
            f"{tenancy.reference} · {tenancy.household}",
            reverse("tenancies:tenancy-detail", args=[tenancy.pk]),
            detail=addresses.place(tenancy.household_id, tenancy.unit),
            record=tenancy,
            lookup="tenancy",
            value=tenancy.reference,
        )
