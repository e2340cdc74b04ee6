"""Housing asks before a unit leaves the stock: a unit with an open offer, or allocated to a
household, stays (registered in ``MatchingConfig.ready()``; housing may not read matching)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from abitare.housing.models import Unit
from abitare.matching.models import Allocation, Offer


def open_offer_guard(unit: Unit) -> str | None:
    if Offer.objects.filter(unit_id=unit.pk, status=Offer.Status.SENT).exists():
        return _("it has an open offer; withdraw the offer first.")
    if Allocation.objects.filter(unit_id=unit.pk, ended_on__isnull=True).exists():
        return _("it is allocated to a household.")
    return None
