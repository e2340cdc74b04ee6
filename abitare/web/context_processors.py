"""What every page of the shell needs: navigation for the role, memberships for the switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from abitare.accounts.permissions import STAFF, membership_of
from abitare.accounts.selectors import memberships_active
from abitare.core.extensions import NavGroup, nav_for, nav_groups_for, public_nav


def _citizens_menu() -> list[NavGroup]:
    return [NavGroup(item.key, item.label, (item,)) for item in public_nav()]


def shell(request: HttpRequest) -> dict[str, Any]:
    if not hasattr(request, "user"):
        return {}
    if not request.user.is_authenticated:
        citizens = _citizens_menu()
        return {
            "nav_items": citizens,
            "nav_groups": citizens,
            "public_menu": True,
            "current_membership": None,
            "memberships": [],
        }
    return {
        "nav_items": nav_for(request),
        "nav_groups": nav_groups_for(request),
        "may_search": STAFF.allows(request),
        "current_membership": membership_of(request),
        "memberships": list(memberships_active(user=request.user)),
    }
