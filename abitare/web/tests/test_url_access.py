"""Walk the whole URLconf: every view declares an access rule, and every non-public URL refuses
an anonymous visitor and a role it does not name (docs/architecture.md, Access rules: default deny)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from abitare.accounts.models import Role
from abitare.accounts.permissions import RoleRule
from abitare.accounts.testing import two_memberships
from abitare.accounts.tests.factories import make_member
from abitare.core.access import SELF_PROTECTED_NAMESPACES, rule_of
from abitare.core.testing import client_for as client_for_membership
from conftest import client_for

# Walks the whole URLconf for every role: run by make test and CI, skipped by make test-quick.
pytestmark = pytest.mark.slow

SAMPLE_BY_CONVERTER = {"int": "1", "uuid": str(uuid.UUID(int=1)), "slug": "x", "str": "x", "path": "x"}


@dataclass
class Route:
    name: str
    url: str
    callback: Any
    namespaces: tuple[str, ...]


def _sample_url(pattern: str, converters: dict[str, Any]) -> str:
    url = pattern
    for name, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        kind = {"integer": "int", "string": "str"}.get(kind, kind)
        sample = SAMPLE_BY_CONVERTER.get(kind, "1")
        for spelling in (f"<{kind}:{name}>", f"<{name}>"):
            url = url.replace(spelling, sample)
    return "/" + url.lstrip("^").rstrip("$")


def _walk(
    patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = (), converters: Any = None
) -> Iterator[Route]:
    for entry in patterns:
        merged = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                namespaces + ((entry.namespace,) if entry.namespace else ()),
                merged,
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "(?P<format>" in route or "\\." in route:
                continue
            yield Route(
                name=":".join((*namespaces, entry.name or "")),
                url=_sample_url(route, merged),
                callback=entry.callback,
                namespaces=namespaces,
            )


ROUTES = [
    route for route in _walk(get_resolver().url_patterns) if not SELF_PROTECTED_NAMESPACES & set(route.namespaces)
]


def test_the_walk_finds_the_shell_urls():
    names = {route.name for route in ROUTES}
    assert {"web:home", "web:worklist", "accounts:login", "accounts:access-log", "api:me"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_every_view_declares_an_access_rule(route):
    assert rule_of(route.callback) is not None, f"{route.name} ({route.url}) declares no access rule"


PROTECTED = [route for route in ROUTES if (rule := rule_of(route.callback)) is not None and not rule.public]


@pytest.mark.parametrize("route", PROTECTED, ids=[route.name for route in PROTECTED])
@pytest.mark.django_db
def test_anonymous_visitors_are_refused(route):
    for method in ("get", "post"):
        response = getattr(Client(), method)(route.url)
        if route.url.startswith("/api/"):
            assert response.status_code in (401, 403), (route.name, method, response.status_code)
            assert response.json()["error"]["code"] in {"not_authenticated", "permission_denied", "no_access_rule"}
        else:
            assert response.status_code == 302, (route.name, method, response.status_code)
            assert response["Location"].startswith("/accounts/login/")


ROLE_PROTECTED = [route for route in PROTECTED if isinstance(rule_of(route.callback), RoleRule)]


@pytest.mark.parametrize("route", ROLE_PROTECTED, ids=[route.name for route in ROLE_PROTECTED])
def test_roles_the_rule_does_not_name_are_refused(route, world):
    rule = rule_of(route.callback)
    assert isinstance(rule, RoleRule)
    for role in set(Role.values) - set(rule.roles):
        user = make_member(organisation=world.organisation, territory=world.district, role=role)
        response = client_for(user).get(route.url)
        assert response.status_code == 403, (route.name, role, response.status_code)


SENSITIVE = [route for route in ROLE_PROTECTED if getattr(rule_of(route.callback), "sensitive", False)]


@pytest.mark.parametrize("route", SENSITIVE, ids=[route.name for route in SENSITIVE])
def test_sensitive_rules_refuse_members_without_the_sensitive_permission(route, world):
    rule = rule_of(route.callback)
    assert isinstance(rule, RoleRule)
    for role in rule.roles:
        user = make_member(organisation=world.organisation, territory=world.district, role=role, sensitive_data=False)
        assert client_for(user).get(route.url).status_code == 403, (route.name, role)


def _persona(world, rule, in_force):
    """Working under ``in_force`` while also holding a role the rule names (ADR 0006)."""
    user, working, _other = two_memberships(
        organisation=world.organisation,
        territory=world.district,
        in_force=in_force,
        also=sorted(rule.roles)[0],
        sensitive_also=True,
    )
    return client_for_membership(user, working)


# Routes whose rule leaves out at least one role (a rule naming every role refuses no one).
NARROW = [route for route in ROLE_PROTECTED if set(Role.values) - set(getattr(rule_of(route.callback), "roles", ()))]


@pytest.mark.parametrize("route", NARROW, ids=[route.name for route in NARROW])
def test_a_right_held_under_another_membership_does_not_count(route, world):
    """Every role-gated page and endpoint refuses, for reads and writes, a user working under a
    role the rule does not name who also holds a role it names (same organisation and territory)."""
    rule = rule_of(route.callback)
    assert isinstance(rule, RoleRule)
    client = _persona(world, rule, sorted(set(Role.values) - set(rule.roles))[0])
    for method in ("get", "post"):
        response = getattr(client, method)(route.url)
        assert response.status_code == 403, (route.name, method, response.status_code)


RULES = {rule.name: (rule, route) for route in NARROW if isinstance(rule := rule_of(route.callback), RoleRule)}


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_role_a_rule_does_not_name_is_refused_whatever_else_it_holds(name, world):
    """The same for every role the rule does not name, on one route of the rule (the rule is
    judged in one place, so one route stands for the others)."""
    rule, route = RULES[name]
    for role in sorted(set(Role.values) - set(rule.roles)):
        client = _persona(world, rule, role)
        for method in ("get", "post"):
            assert getattr(client, method)(route.url).status_code == 403, (name, route.name, role, method)


@pytest.mark.parametrize("route", SENSITIVE, ids=[route.name for route in SENSITIVE])
def test_a_sensitive_permission_held_under_another_membership_does_not_count(route, world):
    rule = rule_of(route.callback)
    assert isinstance(rule, RoleRule)
    for role in sorted(rule.roles):
        user, in_force, _other = two_memberships(
            organisation=world.organisation,
            territory=world.district,
            also_territory=world.municipality,
            in_force=role,
            also=role,
            sensitive_also=True,
        )
        client = client_for_membership(user, in_force)
        for method in ("get", "post"):
            assert getattr(client, method)(route.url).status_code == 403, (route.name, role, method)
