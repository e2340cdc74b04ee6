"""Helpers shared by the recovery API modules."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound, ValidationError

from abitare.accounts.http import actor_of
from abitare.accounts.models import Membership
from abitare.tenancies.models import Tenancy
from abitare.tenancies.selectors.tenancy import tenancy_list


def membership(request: Any) -> Membership:
    found = actor_of(request)
    if found is None:
        raise NotFound
    return found


def tenancy_by_reference(member: Membership, reference: str, *, field: str = "tenancy") -> Tenancy:
    found = tenancy_list(actor=member).filter(reference__iexact=reference.strip()).first()
    if found is None:
        raise ValidationError({field: ["No tenancy of yours has this reference."]})
    return found


def or_404(found: Any) -> Any:
    if found is None:
        raise NotFound
    return found
