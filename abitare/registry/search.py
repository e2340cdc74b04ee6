"""The registry's hits for the header's search: persons by name or Codice Fiscale, households
by name or address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import SearchHit
from abitare.registry import selectors
from abitare.registry.permissions import address_view_of


def people(request: Any, query: str, limit: int) -> Iterator[SearchHit]:
    actor = actor_of(request)
    filters = selectors.PersonFilters(q=query)
    for person in selectors.person_list(actor=actor, filters=filters)[:limit]:
        yield SearchHit(
            _("People"),
            str(person),
            reverse("registry:person-detail", args=[person.pk]),
            detail=person.codice_fiscale,
            record=person,
            lookup="person",
            value=person.codice_fiscale or str(person.pk),
        )
    # A confidential address is neither searched nor shown to who may not see it.
    addresses = address_view_of(request)
    condition = Q()
    for word in query.split():
        condition &= Q(name__icontains=word) | (Q(address__icontains=word) & addresses.search_filter())
    for household in selectors.household_list(actor=actor).filter(condition).order_by("name", "id")[:limit]:
        yield SearchHit(
            _("Households"),
            str(household),
            reverse("registry:household-detail", args=[household.pk]),
            detail=addresses.address(household),
            record=household,
            lookup="household",
            value=str(household.pk),
        )
