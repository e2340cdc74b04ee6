"""Personas of the rights tests (ADR 0006) and the permission matrix, for every app's tests.

:func:`two_memberships` is a user who works under one membership while holding another with more
rights: every right must be judged on the membership in force only. Sign in with
``abitare.core.testing.client_for(user, membership)``.

A module's permission matrix is a table of ``abitare.core.testing.Case`` lines walked by
:func:`walk_case` with the :class:`Cast` of every persona, built once per module on the territories
and organisations of :func:`world_build` (the ``world`` fixture of the root conftest).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils.crypto import get_random_string

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant, organisation_create, territory_create
from abitare.core.testing import Case, Route, call, client_for, is_refused, undone


def two_memberships(
    *,
    organisation: Organisation,
    territory: Territory,
    in_force: str,
    also: str,
    also_territory: Territory | None = None,
    sensitive_in_force: bool = False,
    sensitive_also: bool = False,
) -> tuple[User, Membership, Membership]:
    """A user working under an ``in_force`` membership while also holding ``also`` in the same
    organisation (on ``also_territory``, by default the same territory). Returns the user, the
    membership in force and the other one; sign in with ``client_for(user, in_force_membership)``."""
    user = User.objects.create_user(username=f"two-{in_force}-{also}-{get_random_string(6).lower()}")
    working = membership_grant(
        user=user, organisation=organisation, territory=territory, role=in_force, sensitive_data=sensitive_in_force
    )
    other = membership_grant(
        user=user,
        organisation=organisation,
        territory=also_territory or territory,
        role=also,
        sensitive_data=sensitive_also,
    )
    return user, working, other


def acting(user: User) -> Membership:
    """The membership a test user works under (their first active one): the ``actor`` of services."""
    membership = (
        Membership.objects.filter(user=user, is_active=True).select_related("user", "organisation", "territory").first()
    )
    assert membership is not None, f"{user} has no membership in force"
    return membership


@dataclass
class World:
    """The home organisation on a district (with a municipality and a neighbourhood below it) and
    another organisation on another district."""

    district: Territory
    municipality: Territory
    neighbourhood: Territory
    other_district: Territory
    other_municipality: Territory
    organisation: Organisation
    other_organisation: Organisation


def world_build() -> World:
    """The territories and organisations every app's tests start from."""
    district = territory_create(name="Distretto Nord", kind=Territory.Kind.DISTRICT)
    municipality = territory_create(
        name="Comune Alfa", kind=Territory.Kind.MUNICIPALITY, parent=district, istat_code="099001"
    )
    neighbourhood = territory_create(name="Quartiere Uno", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipality)
    other_district = territory_create(name="Distretto Sud", kind=Territory.Kind.DISTRICT)
    other_municipality = territory_create(
        name="Comune Beta", kind=Territory.Kind.MUNICIPALITY, parent=other_district, istat_code="099002"
    )
    organisation = organisation_create(
        name="Agenzia Nord", kind=Organisation.Kind.HOUSING_AGENCY, territories=[district]
    )
    other_organisation = organisation_create(
        name="Agenzia Sud", kind=Organisation.Kind.HOUSING_AGENCY, territories=[other_district]
    )
    return World(
        district, municipality, neighbourhood, other_district, other_municipality, organisation, other_organisation
    )


@dataclass
class Cast:
    """Signed-in clients of every persona a permission table is walked with.

    ``alone``: one membership of the role (district-wide, with the sensitive-data flag).
    ``besides[role, other]``: working as ``role`` while also holding ``other`` (with the flag).
    ``unflagged``: working as the role without the flag while holding it with the flag on the municipality.
    ``elsewhere``: the role (with the flag) in the other organisation and district.
    ``members`` and ``others`` are the users of ``alone`` and ``elsewhere``, to build a scene with.
    """

    world: World
    members: dict[str, User]
    others: dict[str, User]
    anonymous: Client
    alone: dict[str, Client]
    besides: dict[tuple[str, str], Client]
    unflagged: dict[str, Client]
    elsewhere: dict[str, Client]


def _member(organisation: Organisation, territory: Territory, role: str, name: str) -> User:
    user = User.objects.create_user(username=name)
    membership_grant(user=user, organisation=organisation, territory=territory, role=role, sensitive_data=True)
    return user


def cast_build(world: World) -> Cast:
    """Every persona of the matrix on ``world``, signed in once (their sessions live as long as the world)."""
    roles = sorted(Role.values)
    besides = {}
    for role in roles:
        for other in roles:
            if other != role:
                user, in_force, _ = two_memberships(
                    organisation=world.organisation,
                    territory=world.district,
                    in_force=role,
                    also=other,
                    sensitive_also=True,
                )
                besides[role, other] = client_for(user, in_force)
    unflagged = {}
    for role in roles:
        user, in_force, _ = two_memberships(
            organisation=world.organisation,
            territory=world.district,
            also_territory=world.municipality,
            in_force=role,
            also=role,
            sensitive_also=True,
        )
        unflagged[role] = client_for(user, in_force)
    members = {role: _member(world.organisation, world.district, role, f"matrix-{role}") for role in roles}
    others = {
        role: _member(world.other_organisation, world.other_district, role, f"matrix-elsewhere-{role}")
        for role in roles
    }
    return Cast(
        world=world,
        members=members,
        others=others,
        anonymous=Client(),
        alone={role: client_for(user) for role, user in members.items()},
        besides=besides,
        unflagged=unflagged,
        elsewhere={role: client_for(user) for role, user in others.items()},
    )


def _sent(client: Client, route: Route) -> Any:
    """Send the request, keeping the client's cookies: signing out or switching membership must
    not change the persona for the next line (the session row itself is rolled back)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        return call(client, route)
    finally:
        client.cookies = cookies


def _said(response: Any) -> tuple[int, str]:
    """The status and the start of the answer, for a failing line."""
    where = response.get("Location", "") if response.status_code in (301, 302) else ""
    return response.status_code, where or response.content[:300].decode(errors="replace")


def walk_case(cast: Cast, case: Case, scene: Mapping[str, Any], state: Callable[[], object]) -> int:
    """Walk one line of a permission table with every persona and return how many it walked.

    Refused: anonymous visitors; every role the line does not name, working under it while also
    holding a role it names (the membership in force decides, ADR 0006); on sensitive routes, the
    named roles without the sensitive-data flag; another organisation's member when the line
    expects a 4xx for them. On a write, ``state()`` shows that the refused requests changed
    nothing (not on a read, where the two snapshots would only cost time). Reached with
    ``ok``: each named role, and another organisation's member when their list or form answers.
    A public route is reached by anonymous visitors and by a signed-in member (no rule names a
    role). Each reaching request is undone, so that the next one meets the same world."""
    route = case.route(scene)
    allowed = sorted(case.roles)
    refused: list[tuple[object, Client, bool]] = []
    denied: list[tuple[object, Client, int]] = []
    reached: list[tuple[object, Client, int]] = []
    if case.anonymous:
        reached.append(("anonymous", cast.anonymous, case.anonymous_ok or case.ok))
        reached.append((allowed[0], cast.alone[allowed[0]], case.ok_of(allowed[0])))
    else:
        refused.append(("anonymous", cast.anonymous, True))
        for role in sorted(Role.values):
            if role not in case.roles:
                refused.append(((role, "also holding", allowed[0]), cast.besides[role, allowed[0]], False))
            elif case.sensitive:
                refused.append(((role, "without the sensitive-data flag"), cast.unflagged[role], False))
        reached.extend((role, cast.alone[role], case.ok_of(role)) for role in allowed)
        elsewhere = (("another organisation", allowed[0]), cast.elsewhere[allowed[0]], case.elsewhere_status)
        (denied if case.elsewhere_status >= 400 else reached).append(elsewhere)

    before = state() if route.method != "get" else None
    for label, client, anonymous in refused:
        response = _sent(client, route)
        assert is_refused(response, route, anonymous=anonymous), (str(case), label, _said(response))
    for label, client, status in denied:
        response = _sent(client, route)
        assert response.status_code == status, (str(case), label, _said(response))
    if before is not None:
        assert state() == before, (str(case), "a refused request changed something")
    for label, client, status in reached:
        with undone():
            response = _sent(client, route)
        assert response.status_code == status, (str(case), label, _said(response))
    return len(refused) + len(denied) + len(reached)
