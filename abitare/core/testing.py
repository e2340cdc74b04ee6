"""Test utilities every app shares: the permission matrix and the personas of the rights tests.

A module's matrix is a table of :class:`Case` lines: one route, named by its URL name, and the
roles that reach it. ``abitare.accounts.testing.walk_case`` walks one line with every persona
(anonymous, each role, each role while holding another, another organisation); underneath,
:func:`assert_refused` checks that a client is refused and that nothing changed, and
:func:`assert_reached` that a client reaches a route. :func:`data_for_module` builds the world of a
matrix once per module, and :func:`undone` lets each request meet that same world.

Imported only by tests; it lives in the package so that every app's tests can use it without
importing another app's tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string

LOGIN_URL = "/accounts/login/"
# A submitted form without its fields: a page that builds its form from ``request.POST or None``
# takes an empty post for no post at all.
INCOMPLETE: dict[str, str] = {"incomplete": "yes"}


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


def is_refused(response: HttpResponse, route: Route, *, anonymous: bool) -> bool:
    """The answer of a refusal: 403 to a signed-in user; to an anonymous visitor 401/403 from the
    API and, for pages, a redirect to the sign-in page (not any redirect: a form's success is one)."""
    if not anonymous:
        return response.status_code == 403
    if route.is_api:
        return response.status_code in (401, 403)
    return response.status_code == 302 and str(response["Location"]).startswith(LOGIN_URL)


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


@dataclass(frozen=True)
class Case:
    """One line of a module's permission table: a route and who reaches it.

    ``name`` is the URL name (``"registry:person-detail"``), so a table does not depend on where a
    view lives; ``at`` names the object of the scene that fills the URL (its ``pk``; the value
    itself when it is not a model, e.g. a slug; a tuple for several arguments). ``body`` and
    ``query`` (the query string) are mappings or functions of the scene.

    ``roles`` reach the route with the status ``ok`` (``ok_for`` gives a role its own answer, e.g.
    the one owner of a record); ``anonymous`` visitors too when the route is public (with
    ``anonymous_ok`` when they get another answer, e.g. the sign-in form that sends a signed-in
    user on); ``sensitive`` routes also need the membership's sensitive-data flag. ``elsewhere`` is
    what a member of another organisation with an allowed role gets: by default 404 for a route
    about one object and ``ok`` for lists and forms (their scope leaves the other rows out).
    """

    name: str
    roles: frozenset[str]
    method: str = "get"
    at: str | None = None
    body: Mapping[str, Any] | Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    query: Mapping[str, str] | Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None
    ok: int = 200
    ok_for: Mapping[str, int] | None = None
    anonymous: bool = False
    anonymous_ok: int | None = None
    sensitive: bool = False
    elsewhere: int | None = None

    def route(self, scene: Mapping[str, Any]) -> Route:
        value = () if self.at is None else scene[self.at]
        args = value if isinstance(value, tuple) else (getattr(value, "pk", value),)
        body = self.body(scene) if callable(self.body) else self.body
        query = self.query(scene) if callable(self.query) else self.query
        url = reverse(self.name, args=args) + (f"?{urlencode(query)}" if query else "")
        return Route(self.method, url, None if body is None else dict(body), self.ok)

    def ok_of(self, role: str) -> int:
        return (self.ok_for or {}).get(role, self.ok)

    @property
    def elsewhere_status(self) -> int:
        if self.elsewhere is not None:
            return self.elsewhere
        return 404 if self.at is not None and not self.anonymous else self.ok

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def route_names(urlconf: str, namespace: str) -> set[str]:
    """Every URL name an urlconf module declares, in ``namespace`` (as ``reverse`` spells it): a
    table proves it lists every route of its module by comparing itself with this."""
    names: set[str] = set()

    def walk(patterns: Iterable[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(import_string(f"{urlconf}.urlpatterns"))
    return names


def rows_of(*app_labels: str) -> Callable[[], object]:
    """``state`` for :func:`assert_refused`: every row of every model of the apps (history tables
    included, so any write shows)."""
    models = [model for label in app_labels for model in apps.get_app_config(label).get_models()]

    def state() -> object:
        return [list(model._base_manager.order_by("pk").values_list()) for model in models]

    return state


class DbBlocker(Protocol):
    """pytest-django's ``django_db_blocker`` fixture (typed here so the package needs no pytest)."""

    def unblock(self) -> Any: ...


@contextmanager
def data_for_module(django_db_blocker: DbBlocker) -> Iterator[None]:
    """Build data once for a module's (or class's) tests, as Django's ``setUpTestData`` does: the
    block runs in a transaction rolled back at its end, and each test's own transaction is a
    savepoint inside it. Use in a module-scoped fixture that depends on ``django_db_setup``."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # durable blocks may nest, as in TestCase
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def undone() -> Iterator[None]:
    """Run the block in a savepoint rolled back at its end: the next request meets the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
