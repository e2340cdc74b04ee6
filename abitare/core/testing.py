"""Test utilities every app shares: the permission matrix and the personas of the rights tests.

A module's matrix lists its routes once (:class:`Route`); :func:`assert_refused` then checks that
a client is refused on every one of them and that nothing changed, and :func:`assert_reached`
that a client reaches them. The personas of the rights tests (a user with two memberships,
ADR 0006) are in ``abitare.accounts.testing``.

Imported only by tests; it lives in the package so that every app's tests can use it without
importing another app's tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.test import Client


@dataclass(frozen=True)
class Route:
    """One page or endpoint of a module: what to send and the status of a success."""

    method: str
    url: str
    body: dict[str, Any] | None = None
    ok: int = 200

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def call(client: Client, route: Route) -> Any:
    """Send the route's request: JSON for the API, a form post for pages."""
    send = getattr(client, route.method)
    if route.is_api:
        return send(route.url, route.body, content_type="application/json")
    return send(route.url, route.body) if route.body is not None else send(route.url)


def client_for(user: Any, membership: Any = None) -> Client:
    """A signed-in client; with ``membership``, working under that membership (the role switcher)."""
    client = Client()
    client.force_login(user)
    if membership is not None:
        session = client.session
        session["membership_id"] = membership.pk
        session.save()
    return client


def anonymous_refusal(route: Route) -> tuple[int, ...]:
    """What an anonymous visitor gets: 401/403 from the API, the sign-in page for pages."""
    return (401, 403) if route.is_api else (302,)


def assert_refused(
    client: Client,
    routes: Iterable[Route],
    state: Callable[[], object],
    *,
    expected: Callable[[Route], tuple[int, ...]] = lambda route: (403,),
    label: object = "",
) -> None:
    """Every route is refused with one of the ``expected`` statuses and ``state()`` is unchanged."""
    before = state()
    for route in routes:
        status = call(client, route).status_code
        assert status in expected(route), (label, route.method, route.url, status)
    assert state() == before, label


def assert_reached(client: Client, routes: Iterable[Route], *, label: object = "") -> None:
    """Every route answers its success status."""
    for route in routes:
        status = call(client, route).status_code
        assert status == route.ok, (label, route.method, route.url, status)
