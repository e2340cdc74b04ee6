"""Template helpers of the labs pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """``mapping|lookup:key``: the value for ``key``, or None."""
    return (mapping or {}).get(key)
