"""Where a household lives, as the signed-in membership may see it (confidential addresses).

``{% load addresses %}`` then ``{% household_address household %}`` for the address and
``{% lives_at household tenancy.unit %}`` for a unit, building or host where the household lives or
will live. A document rendered without a request passes ``address_view`` in its context.
"""

from __future__ import annotations

from typing import Any

from django import template

from abitare.registry.models import Household
from abitare.registry.permissions import AddressView, address_view, address_view_of

register = template.Library()


def _view(context: template.Context) -> AddressView:
    view = context.get("address_view")
    if isinstance(view, AddressView):
        return view
    request = context.get("request")
    return address_view_of(request) if request is not None else address_view(None)


@register.simple_tag(takes_context=True)
def household_address(context: template.Context, household: Household) -> str:
    return _view(context).address(household)


@register.simple_tag(takes_context=True)
def lives_at(context: template.Context, household: Any, place: Any) -> str:
    """``place`` (a unit, a building, a host...) or the confidential label; ``household`` is a
    household, its id, or several (hidden when any is)."""
    return _view(context).place(household, place)


@register.simple_tag(takes_context=True)
def address_hidden(context: template.Context, household: Any) -> bool:
    """``{% address_hidden offer.household_id as hidden %}``: whether to leave out a link to the place."""
    return _view(context).hides(household)
