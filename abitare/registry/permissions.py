"""Who may read and write people, households, sensitive records and desk consultations.

People are scoped by organisation and territory subtree (``abitare.accounts.permissions.scope``).
Sensitive records (GDPR art. 9/10) need a membership with ``sensitive_data`` on top of the role.

A household's address is confidential while one of its current members is under a protection
measure that says so: staff without the sensitive-data permission then see, print, export and
search it as :data:`CONFIDENTIAL_ADDRESS` (``address_hidden``, ``household_address_for``, and the
queryset form ``confidential_address``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import can_see_territory, membership_of, roles
from abitare.registry.models import Household, ProtectionMeasure

# Persons, households, ISEE, consents, export, import.
PEOPLE = roles("people", Role.OPERATOR, Role.COORDINATOR)
# Special-category records: the same roles, only with the membership's sensitive-data flag.
PEOPLE_SENSITIVE = roles("people_sensitive", Role.OPERATOR, Role.COORDINATOR, sensitive=True)
# Desk consultations: the agency's operators and the hubs' facilitators.
CONSULTATIONS = roles("consultations", Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR)
# Erasure of a person: a coordinator decides.
ERASURE = roles("people_erasure", Role.COORDINATOR)
# Household-level notes in a member's data-subject export: the data protection officer decides,
# which is the auditor's role.
EXPORT_RELEASE = roles("export_release", Role.AUDITOR)


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


def may_decide_export_release(membership: Membership | None, person: Any) -> bool:
    """The auditor (data protection officer) of the person's organisation, within their territory."""
    return (
        membership is not None
        and membership.is_active
        and membership.role in EXPORT_RELEASE.roles
        and can_view_record(membership, person)
    )


# How a confidential address is shown, printed and exported.
CONFIDENTIAL_ADDRESS = _("Confidential address")


def may_see_confidential_address(membership: Membership | None) -> bool:
    """The membership's own sensitive-data permission, whatever the role."""
    return membership is not None and membership.is_active and membership.sensitive_data


def confidential_address(household_ref: str = "pk") -> Exists:
    """Queryset form: the household (``OuterRef(household_ref)``) has a current member under a
    protection measure, not ended, whose address must stay confidential."""
    return Exists(
        ProtectionMeasure.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()),
            address_confidential=True,
            person__household_memberships__household_id=OuterRef(household_ref),
            person__household_memberships__end_date__isnull=True,
        )
    )


def household_has_confidential_address(household: Household) -> bool:
    """Uses the ``has_confidential_address`` annotation when a selector added it (lists)."""
    flag = getattr(household, "has_confidential_address", None)
    if flag is None:
        flag = Household.objects.filter(pk=household.pk).filter(confidential_address()).exists()
        setattr(household, "has_confidential_address", flag)  # noqa: B010 (a cache beside the annotation)
    return bool(flag)


def address_hidden(membership: Membership | None, household: Household | None) -> bool:
    """The one predicate: this membership must not see where this household lives."""
    if household is None or may_see_confidential_address(membership):
        return False
    return household_has_confidential_address(household)


def household_address_for(membership: Membership | None, household: Household) -> str:
    """The household's address as this membership may see it."""
    return str(CONFIDENTIAL_ADDRESS) if address_hidden(membership, household) else household.address


__all__ = [
    "CONFIDENTIAL_ADDRESS",
    "CONSULTATIONS",
    "ERASURE",
    "EXPORT_RELEASE",
    "PEOPLE",
    "PEOPLE_SENSITIVE",
    "address_hidden",
    "can_view_record",
    "confidential_address",
    "household_address_for",
    "household_has_confidential_address",
    "may_decide_export_release",
    "may_read_sensitive",
    "may_see_confidential_address",
    "membership_of",
    "request_may_read_sensitive",
]
