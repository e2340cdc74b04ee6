"""Personas shared by every app's tests: one user per role in the home organisation, and an
operator of another organisation in another district (the "other_org_operator")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from abitare.accounts.models import Role, User
from abitare.accounts.testing import Cast, World, cast_build, world_build
from abitare.accounts.tests.factories import make_member
from abitare.core.testing import data_for_module


@pytest.fixture
def world(db: None) -> World:
    return world_build()


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cast]:
    """The world and every persona of a module's permission matrix (abitare.accounts.testing),
    built once for the module and rolled back after it. A module using it builds its own scene
    in a module-scoped fixture (under ``django_db_blocker.unblock()``) and uses no ``world``."""
    with data_for_module(django_db_blocker):
        yield cast_build(world_build())


def _member(world: World, role: str, *, sensitive: bool = False, username: str) -> User:
    return make_member(
        organisation=world.organisation,
        territory=world.district,
        role=role,
        sensitive_data=sensitive,
        username=username,
    )


@pytest.fixture
def operator(world: World) -> User:
    return _member(world, Role.OPERATOR, username="operator")


@pytest.fixture
def sensitive_operator(world: World) -> User:
    return _member(world, Role.OPERATOR, sensitive=True, username="sensitive_operator")


@pytest.fixture
def facilitator(world: World) -> User:
    return _member(world, Role.FACILITATOR, username="facilitator")


@pytest.fixture
def coordinator(world: World) -> User:
    return _member(world, Role.COORDINATOR, username="coordinator")


@pytest.fixture
def reviewer(world: World) -> User:
    return _member(world, Role.REVIEWER, username="reviewer")


@pytest.fixture
def administrator(world: World) -> User:
    return _member(world, Role.ADMINISTRATOR, username="administrator")


@pytest.fixture
def auditor(world: World) -> User:
    return _member(world, Role.AUDITOR, username="auditor")


@pytest.fixture
def other_org_operator(world: World) -> User:
    return make_member(
        organisation=world.other_organisation,
        territory=world.other_district,
        role=Role.OPERATOR,
        username="other_org_operator",
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and lock-out ceilings count in the default cache: every test starts from zero."""

    caches["default"].clear()
