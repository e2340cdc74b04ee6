"""Personas shared by every app's tests: one user per role in the home organisation, and an
operator of another organisation in another district (the "other_org_operator")."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.test import Client

from abitare.accounts.models import Organisation, Role, Territory, User
from abitare.accounts.tests.factories import OrganisationFactory, make_member, make_territory


@dataclass
class World:
    district: Territory
    municipality: Territory
    neighbourhood: Territory
    other_district: Territory
    other_municipality: Territory
    organisation: Organisation
    other_organisation: Organisation


@pytest.fixture
def world(db: None) -> World:
    district = make_territory("Distretto Nord", Territory.Kind.DISTRICT)
    municipality = make_territory("Comune Alfa", Territory.Kind.MUNICIPALITY, district, "099001")
    neighbourhood = make_territory("Quartiere Uno", Territory.Kind.NEIGHBOURHOOD, municipality)
    other_district = make_territory("Distretto Sud", Territory.Kind.DISTRICT)
    other_municipality = make_territory("Comune Beta", Territory.Kind.MUNICIPALITY, other_district, "099002")
    organisation = OrganisationFactory(name="Agenzia Nord", territories=[district])
    other_organisation = OrganisationFactory(name="Agenzia Sud", territories=[other_district])
    return World(
        district, municipality, neighbourhood, other_district, other_municipality, organisation, other_organisation
    )


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
