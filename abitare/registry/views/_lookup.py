"""Finding a person from what an operator types: a Codice Fiscale or the record's number."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core import params
from abitare.core.exceptions import DomainError
from abitare.registry import selectors
from abitare.registry.models import Person

NOT_FOUND = _("No person with this Codice Fiscale or number in your records.")


def resolve_person(membership: Membership, value: str) -> Person | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        person_id = params.as_id(value)
        return selectors.person_list(actor=membership).filter(pk=person_id).first() if person_id else None
    return selectors.person_by_codice_fiscale(actor=membership, code=value)


def person_named(membership: Membership, value: str, *, field: str) -> Person:
    """The person ``value`` names, or a refusal on ``field`` that the form shows."""
    person = resolve_person(membership, value)
    if person is None:
        raise DomainError(NOT_FOUND, field=field)
    return person
