"""Reads of sharing agreements, under which joint rounds run."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.models import SharingAgreement


def agreement_list(*, actor: Membership | None) -> QuerySet[SharingAgreement]:
    """Agreements in which the membership's organisation is one of the two sides, in its territory."""
    own = scope(SharingAgreement.objects.all(), actor)
    partner = scope(
        SharingAgreement.objects.all(), actor, organisation_field="partner", territory_field="partner_territory"
    )
    return (own | partner).select_related(
        "organisation", "territory", "partner", "partner_territory", "recorded_by", "confirmed_by", "ended_by"
    )


def agreement_get(*, actor: Membership | None, pk: int) -> SharingAgreement | None:
    return agreement_list(actor=actor).filter(pk=pk).first()


def agreements_in_force(*, actor: Membership | None) -> list[SharingAgreement]:
    """Agreements under which the membership may start a joint round today."""
    today = timezone.localdate()
    return [a for a in agreement_list(actor=actor).filter(status="confirmed") if a.in_force(today)]
