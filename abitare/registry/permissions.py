"""Who may read and write people, households, sensitive records and desk consultations.

People are scoped by organisation and territory subtree (``abitare.accounts.permissions.scope``).
Sensitive records (GDPR art. 9/10) need a membership with ``sensitive_data`` on top of the role.
"""

from __future__ import annotations

from typing import Any

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import can_see_territory, membership_of, roles

# Persons, households, ISEE, consents, export, import.
PEOPLE = roles("people", Role.OPERATOR, Role.COORDINATOR)
# Special-category records: the same roles, only with the membership's sensitive-data flag.
PEOPLE_SENSITIVE = roles("people_sensitive", Role.OPERATOR, Role.COORDINATOR, sensitive=True)
# Desk consultations: the agency's operators and the hubs' facilitators.
CONSULTATIONS = roles("consultations", Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR)
# Erasure of a person: a coordinator decides.
ERASURE = roles("people_erasure", Role.COORDINATOR)


def may_read_sensitive(membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.role in PEOPLE_SENSITIVE.roles
        and membership.sensitive_data
        and membership.is_active
    )


def request_may_read_sensitive(request: Any) -> bool:
    return PEOPLE_SENSITIVE.allows(request)


def can_view_record(membership: Membership | None, record: Any) -> bool:
    """A person, household or consultation of the membership's organisation and territory subtree."""
    return (
        membership is not None
        and record.organisation_id == membership.organisation_id
        and can_see_territory(membership, record.territory.path)
    )


__all__ = [
    "CONSULTATIONS",
    "ERASURE",
    "PEOPLE",
    "PEOPLE_SENSITIVE",
    "can_view_record",
    "may_read_sensitive",
    "membership_of",
    "request_may_read_sensitive",
]
