"""Matching's items on the operator's work list: offers whose reply-by date has passed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.matching import selectors


def offers_overdue(request: Any) -> Iterable[WorkItem]:
    for offer in selectors.offers_overdue(actor=membership_of(request)).order_by("reply_by", "pk")[:50]:
        yield WorkItem(
            kind="matching.offer_overdue",
            title=_("Offer without an answer: %(household)s") % {"household": offer.household},
            url=reverse("matching:offer-detail", args=[offer.pk]),
            due=offer.reply_by,
            detail=str(offer.unit),
            severity="danger",
        )
