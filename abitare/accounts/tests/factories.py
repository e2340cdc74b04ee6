"""Factories for territories, organisations, users and memberships (used by every app's tests)."""

from __future__ import annotations

from typing import Any

import factory

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant, territory_create


def make_territory(name: str, kind: str, parent: Territory | None = None, istat_code: str = "") -> Territory:
    return territory_create(name=name, kind=kind, parent=parent, istat_code=istat_code)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.HOUSING_AGENCY

    @factory.post_generation
    def territories(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.territories.set(extracted)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Rossi{n}")
    password = factory.django.Password("Correct-horse-2026")


def make_member(
    *,
    organisation: Organisation,
    territory: Territory,
    role: str = Role.OPERATOR,
    sensitive_data: bool = False,
    username: str | None = None,
) -> User:
    user = UserFactory(username=username) if username else UserFactory()
    membership_grant(
        user=user, organisation=organisation, territory=territory, role=role, sensitive_data=sensitive_data
    )
    return user


def membership_of_user(user: User) -> Membership:
    return Membership.objects.filter(user=user).select_related("organisation", "territory").first()
