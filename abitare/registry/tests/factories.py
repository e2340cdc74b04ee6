"""Factories for the registry's tests: persons (with a valid Codice Fiscale when asked) and households."""

from __future__ import annotations

import datetime
from typing import Any

from abitare.accounts.models import Membership, Territory
from abitare.accounts.tests.factories import membership_of_user
from abitare.registry.models import ExportRelease, Household, Person
from abitare.registry.services import household_create, person_create
from abitare.registry.services.households import NewMember
from abitare.registry.services.releases import export_release_decide

VALID_CF = "RCCMNL83S18D969H"  # M, 18/11/1983 (test vector, docs/sources.md#codice-fiscale)
VALID_CF_F = "CNTCHR83T41D969D"  # F, 01/12/1983


def actor_of(user: Any) -> Membership:
    return membership_of_user(user)


def make_person(user: Any, *, territory: Territory | None = None, n: int = 0, **overrides: Any) -> Person:
    actor = actor_of(user)
    values: dict[str, Any] = {
        "first_name": "Anna",
        "last_name": f"Bianchi{n or ''}",
        "birth_date": datetime.date(1980, 5, 1),
        "sex": "F",
        "codice_fiscale": "",
        "confirm_not_duplicate": True,
    }
    values.update(overrides)
    return person_create(actor=actor, territory=territory or actor.territory, **values)


def make_household(
    user: Any, *members: Person, territory: Territory | None = None, name: str = "Famiglia"
) -> Household:
    actor = actor_of(user)
    relationships = (["reference"] + ["child"] * (len(members) - 1)) if members else []
    return household_create(
        actor=actor,
        territory=territory or actor.territory,
        name=name,
        address="Via Roma 1",
        members=[NewMember(person=p, relationship=r) for p, r in zip(members, relationships, strict=True)],
    )


def release_all(dpo: Any, person: Person, reason: str = "Riguardano la persona") -> None:
    """The data protection officer (an auditor) releases every household record withheld from the
    person's export so far."""

    for release in ExportRelease.objects.filter(person=person, status=ExportRelease.Status.PENDING):
        export_release_decide(actor=actor_of(dpo), release=release, released=release.records, reason=reason)
