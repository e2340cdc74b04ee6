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
        )
    words = query.split()
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(address__icontains=word)
    for household in selectors.household_list(actor=actor).filter(condition).order_by("name", "id")[:limit]:
        yield SearchHit(
            _("Households"),
            str(household),
            reverse("registry:household-detail", args=[household.pk]),
            detail=household.address,
            record=household,
        )
