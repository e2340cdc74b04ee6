"""Reads of offers and allocations, scoped to the membership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.models import Allocation, Application, Offer


@dataclass(frozen=True)
class OfferFilters:
    status: str = ""

    @classmethod
    def from_query(cls, query: Any) -> OfferFilters:
        status = query.get("status", "")
        return cls(status=status if status in Offer.Status.values else "")


def offer_list(*, actor: Membership | None, filters: OfferFilters | None = None) -> QuerySet[Offer]:
    """Offers sent by the membership's organisation in its territory and below."""
    offers = scope(Offer.objects.all(), actor).select_related(
        "household", "unit__building", "territory", "sent_by", "refusal_reason"
    )
    filters = filters or OfferFilters()
    return offers.filter(status=filters.status) if filters.status else offers


def offer_get(*, actor: Membership | None, pk: int) -> Offer | None:
    return (
        offer_list(actor=actor)
        .select_related("application", "proposal", "round", "recorded_by", "allocation")
        .filter(pk=pk)
        .first()
    )


def offers_overdue(*, actor: Membership | None) -> QuerySet[Offer]:
    """Live offers whose reply-by date has passed: the household must be heard or the offer closed."""
    return offer_list(actor=actor, filters=OfferFilters(status=Offer.Status.SENT)).filter(
        reply_by__lt=timezone.localdate()
    )


def offers_of_application(*, actor: Membership | None, application: Application) -> QuerySet[Offer]:
    return offer_list(actor=actor).filter(application=application)


def allocation_list(*, actor: Membership | None) -> QuerySet[Allocation]:
    return scope(Allocation.objects.all(), actor).select_related("household", "unit__building", "offer")


def allocation_get(*, actor: Membership | None, pk: int) -> Allocation | None:
    return allocation_list(actor=actor).filter(pk=pk).first()
