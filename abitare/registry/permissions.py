"""Who may read and write people, households, sensitive records and desk consultations.

People are scoped by organisation and territory subtree (``abitare.accounts.permissions.scope``).
Sensitive records (GDPR art. 9/10) need a membership with ``sensitive_data`` on top of the role.

A household's address is confidential while one of its current members is under a protection
measure that says so: staff without the sensitive-data permission then see, print, export and
search it as :data:`CONFIDENTIAL_ADDRESS` (``address_hidden``, ``household_address_for``, and the
queryset form ``confidential_address``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import can_see_territory, membership_of, roles
from abitare.registry.models import Household, HouseholdMember, ProtectionMeasure

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


def may_read_sensitive(actor: Membership | None) -> bool:
    return actor is not None and actor.role in PEOPLE_SENSITIVE.roles and actor.sensitive_data and actor.is_active


def request_may_read_sensitive(request: Any) -> bool:
    return PEOPLE_SENSITIVE.allows(request)


def can_view_record(actor: Membership | None, record: Any) -> bool:
    """A person, household or consultation of the membership's organisation and territory subtree."""
    return (
        actor is not None
        and record.organisation_id == actor.organisation_id
        and can_see_territory(actor, record.territory.path)
    )


def may_decide_export_release(actor: Membership | None, person: Any) -> bool:
    """The auditor (data protection officer) of the person's organisation, within their territory."""
    return (
        actor is not None and actor.is_active and actor.role in EXPORT_RELEASE.roles and can_view_record(actor, person)
    )


# How a confidential address (or the unit, building or host where the household lives) is shown,
# printed, exported and searched.
CONFIDENTIAL_ADDRESS = _("Confidential address")


def may_see_confidential_address(actor: Membership | None) -> bool:
    """The membership's own sensitive-data permission, whatever the role."""
    return actor is not None and actor.is_active and actor.sensitive_data


def _confidential_members() -> QuerySet[HouseholdMember]:
    measures = ProtectionMeasure.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()), address_confidential=True
    )
    return HouseholdMember.objects.filter(end_date__isnull=True, person_id__in=measures.values("person_id"))


def confidential_households(field: str = "pk") -> Q:
    """Queryset form: rows whose household (``field``) has a current member under a protection
    measure, not ended, whose address must stay confidential."""
    return Q(**{f"{field}__in": _confidential_members().values("household_id")})


@dataclass(frozen=True)
class AddressView:
    """How one membership sees where households live: the one predicate (:meth:`hides`) and the one
    way to show a hidden address, unit, building or host (:data:`CONFIDENTIAL_ADDRESS`)."""

    sees_all: bool
    hidden: frozenset[int]

    def hides(self, household: Household | int | Iterable[Household | int] | None) -> bool:
        """True when this membership must not see where the household lives; given several
        households (the parties of a mediation), when any of them is hidden."""
        if self.sees_all or household is None or not self.hidden:
            return False
        if isinstance(household, Household | int):
            return (household if isinstance(household, int) else household.pk) in self.hidden
        return any(self.hides(one) for one in household)

    def address(self, household: Household) -> str:
        return str(CONFIDENTIAL_ADDRESS) if self.hides(household) else household.address

    def place(self, household: Household | int | Iterable[Household | int] | None, place: Any) -> str:
        """Where the household lives or will live (a unit, a building, a host), as this membership may see it."""
        return str(CONFIDENTIAL_ADDRESS) if self.hides(household) else str(place)

    def place_id(
        self, household: Household | int | Iterable[Household | int] | None, place_id: int | None
    ) -> int | None:
        """A unit's (or host's) id in the API: None when it would tell where a hidden household lives."""
        return None if self.hides(household) else place_id

    def search_filter(self, field: str = "pk") -> Q:
        """Rows a search by address (or unit, building) may match: not the hidden ones."""
        return Q() if self.sees_all else ~Q(**{f"{field}__in": self.hidden})


def address_view(actor: Membership | None) -> AddressView:
    """For services and documents; pages and the API use :func:`address_view_of` (once per request).
    The households to hide are few (those under a protection measure): one small query."""
    if may_see_confidential_address(actor):
        return AddressView(sees_all=True, hidden=frozenset())
    return AddressView(sees_all=False, hidden=frozenset(_confidential_members().values_list("household_id", flat=True)))


def address_view_of(request: Any) -> AddressView:
    """The request's :class:`AddressView`, computed once per request."""
    cached = getattr(request, "_abitare_address_view", None)
    if cached is None:
        cached = address_view(membership_of(request))
        request._abitare_address_view = cached
    return cached


def address_view_in(context: Mapping[str, Any]) -> AddressView:
    """For serializers: the view given in their context (``address_view``, ``request`` or
    ``membership``); without one, confidential addresses are hidden."""
    if isinstance(view := context.get("address_view"), AddressView):
        return view
    if (request := context.get("request")) is not None:
        return address_view_of(request)
    return address_view(context.get("membership"))


def household_address_for(actor: Membership | None, household: Household) -> str:
    """The household's address as this membership may see it."""
    return address_view(actor).address(household)


__all__ = [
    "CONFIDENTIAL_ADDRESS",
    "CONSULTATIONS",
    "ERASURE",
    "EXPORT_RELEASE",
    "PEOPLE",
    "PEOPLE_SENSITIVE",
    "AddressView",
    "address_view",
    "address_view_in",
    "address_view_of",
    "can_view_record",
    "confidential_households",
    "household_address_for",
    "may_decide_export_release",
    "may_read_sensitive",
    "may_see_confidential_address",
    "membership_of",
    "request_may_read_sensitive",
]
