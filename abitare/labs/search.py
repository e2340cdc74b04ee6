"""Labs for the header's search: by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import SearchHit
from abitare.labs import selectors


def labs(request: Any, query: str, limit: int) -> Iterator[SearchHit]:
    for lab in selectors.lab_list(actor=actor_of(request)).filter(name__icontains=query).order_by("name")[:limit]:
        yield SearchHit(_("Community labs"), lab.name, reverse("labs:manage-lab", args=[lab.pk]))
