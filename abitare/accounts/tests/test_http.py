"""The typed request: one way to get the membership in force, one way to refuse without it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.models import Membership, Role, User
from abitare.accounts.services import membership_grant
from abitare.accounts.tests.factories import UserFactory


@membership_required
def _echo(request: MemberRequest) -> HttpResponse:
    return HttpResponse(f"{request.membership.pk}:{request.membership.role}")


def _request(user: Any, membership: Membership | None) -> Any:
    request: Any = RequestFactory().get("/")
    request.user = user
    request.session = {"membership_id": membership.pk} if membership else {}
    return request


def test_membership_required_hands_the_view_the_membership_in_force(world, operator):
    membership = operator.memberships.get()

    response = _echo(_request(operator, membership))

    assert response.content.decode() == f"{membership.pk}:operator"


def test_membership_required_refuses_a_user_without_a_membership_in_force(world, operator):
    Membership.objects.filter(user=operator).update(is_active=False)

    with pytest.raises(PermissionDenied):
        _echo(_request(User.objects.get(pk=operator.pk), None))


def test_actor_of_follows_the_membership_chosen_in_the_switcher(world):
    user = UserFactory()
    first = membership_grant(user=user, organisation=world.organisation, territory=world.district, role=Role.OPERATOR)
    second = membership_grant(
        user=user, organisation=world.other_organisation, territory=world.other_district, role=Role.COORDINATOR
    )

    assert actor_of(_request(user, first)) == first
    assert actor_of(_request(user, second)) == second


def test_an_api_token_acts_under_its_users_membership_not_the_anonymous_request(world, coordinator, client):
    token = Token.objects.create(user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.get("/api/v1/territories/")

    assert response.status_code == 200
    assert {item["name"] for item in response.json()["results"]} >= {"Distretto Nord"}
