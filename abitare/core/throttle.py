"""Who is on the other end of a request, and counters that limit how often they may do something.

``client_address`` is the one way to know a client's address, behind or without a reverse
proxy: django-axes (sign-in lock-out) and every rate limit use it. Behind ``TRUSTED_PROXY_COUNT``
proxies the address is read from ``X-Forwarded-For``, counting that many entries from the right,
so a value the client wrote itself at the left of the header is never believed.

The counters live in Django's ``default`` cache, shared by every process when the installation
configures a shared cache (Redis or Memcached, see docs/configuration.md). Nothing is kept in
module or process memory: each hit is one atomic ``add`` (first hit of the window) or ``incr``.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer's, or the one the trusted proxies say they received from.

    With ``TRUSTED_PROXY_COUNT = n > 0`` the last ``n`` hops of ``X-Forwarded-For`` were written
    by our proxies; the entry ``n`` places from the right is the address the outermost proxy saw.
    A header shorter than that (a request that did not pass through every proxy) or an invalid
    entry falls back to the peer's address.
    """
    peer = _valid(request.META.get("REMOTE_ADDR", "")) or ""
    count: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return peer
    return _valid(hops[-count]) or peer


def _counter_key(scope: str, subject: str, window: int) -> str:
    # The window number in the key makes every window start from zero without a reset.
    return f"abitare:throttle:{scope}:{subject}:{int(time.time()) // window}"


def throttle_hit(scope: str, subject: str, *, limit: int, window: int, cache: BaseCache | None = None) -> bool:
    """Count one attempt of ``subject`` (e.g. an address) in ``scope``; True when it is over ``limit``
    in the current ``window`` of seconds. The attempt that goes over the limit is counted too."""
    store = cache if cache is not None else caches["default"]
    key = _counter_key(scope, subject, window)
    if store.add(key, 1, timeout=window):
        return limit < 1
    try:
        return store.incr(key) > limit
    except ValueError:  # the key expired between add and incr: this is the first hit of a new window
        store.add(key, 1, timeout=window)
        return limit < 1


def throttle_exceeded(scope: str, subject: str, *, limit: int, window: int, cache: BaseCache | None = None) -> bool:
    """Whether ``subject`` has already reached ``limit`` attempts in this window, without counting one."""
    store = cache if cache is not None else caches["default"]
    count = store.get(_counter_key(scope, subject, window), 0)
    return int(count) >= limit
