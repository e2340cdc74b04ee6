"""API tokens: created by their owner from a verified session when a role needs a second factor,
listed and revoked by the owner and by an administrator of their organisation, recorded."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abitare.accounts import services
from abitare.accounts.models import Role, SecurityEvent
from abitare.accounts.tests.factories import make_member
from abitare.accounts.tests.otp import membership, password_client, verified_client
from abitare.core.exceptions import NotAllowed
from conftest import client_for


def _compulsory_for(administrator, role):
    services.role_policy_set(actor=membership(administrator), role=role, require_otp=True, verified=True)


def _kinds():
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


def test_a_compulsory_role_cannot_create_a_token_from_an_unverified_session(operator, administrator):
    _compulsory_for(administrator, Role.OPERATOR)
    client = password_client("operator")

    response = client.post("/accounts/account/token/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/?next=")
    assert not Token.objects.exists()
    assert _kinds() == [SecurityEvent.Kind.POLICY_REQUIRED]
    with pytest.raises(NotAllowed):
        services.api_token_create(user=operator, verified=False, membership=membership(operator))
    assert not Token.objects.exists()


def test_a_role_compulsory_in_another_membership_also_needs_a_verified_session(world, administrator):
    # Works as a facilitator (optional) but is also an operator, for whom the second factor is compulsory:
    # a token acts under every membership, so the safer reading applies.
    _compulsory_for(administrator, Role.OPERATOR)
    user = make_member(organisation=world.organisation, territory=world.district, role=Role.FACILITATOR)
    services.membership_grant(
        user=user, organisation=world.organisation, territory=world.municipality, role=Role.OPERATOR
    )
    client = password_client(user.username)
    assert client.get("/accounts/account/").status_code == 200

    response = client.post("/accounts/account/token/")

    assert response["Location"] == "/accounts/account/"
    assert not Token.objects.exists()
    page = client.get("/accounts/account/").content.decode()
    assert "Conferma il tuo accesso con un secondo fattore prima di creare un token API." in page


def test_a_verified_session_creates_the_token_and_sees_it_once(operator, administrator):
    _compulsory_for(administrator, Role.OPERATOR)
    client = verified_client(operator)

    response = client.post("/accounts/account/token/")
    first = client.get(response["Location"]).content.decode()
    second = client.get("/accounts/account/").content.decode()

    token = Token.objects.get(user=operator)
    assert token.key in first
    assert token.key not in second
    assert f"Token {token.key[:6]}… creato il" in second
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["username"] == "operator"
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOKEN_CREATED)
    assert (event.actor, event.subject, event.detail) == (operator, operator, f"{token.key[:6]}…")


def test_a_role_without_a_second_factor_creates_a_token_with_the_password(operator):
    client = password_client("operator")

    client.post("/accounts/account/token/")

    assert Token.objects.filter(user=operator).count() == 1


def test_a_second_token_is_refused_until_the_first_is_revoked(operator):
    services.api_token_create(user=operator, verified=False, membership=None)
    client = client_for(operator)

    client.post("/accounts/account/token/")

    assert Token.objects.filter(user=operator).count() == 1
    assert "Hai già un token API" in client.get("/accounts/account/").content.decode()


def test_the_owner_revokes_their_token(operator):
    token = services.api_token_create(user=operator, verified=False, membership=None)
    client = client_for(operator)

    response = client.post("/accounts/account/token/revoke/")

    assert response["Location"] == "/accounts/account/"
    assert not Token.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 401
    assert _kinds() == [SecurityEvent.Kind.TOKEN_CREATED, SecurityEvent.Kind.TOKEN_REVOKED]


def test_an_administrator_lists_and_revokes_the_tokens_of_their_organisation(
    operator, administrator, other_org_operator
):
    services.api_token_create(user=operator, verified=False, membership=None)
    services.api_token_create(user=other_org_operator, verified=False, membership=None)
    admin = client_for(administrator)

    listed = admin.get("/accounts/members/tokens/").content.decode()
    response = admin.post(f"/accounts/members/{operator.pk}/token/revoke/", {"next": "/accounts/members/tokens/"})

    assert f"/accounts/members/{operator.pk}/" in listed
    assert "other_org_operator" not in listed
    assert response["Location"] == "/accounts/members/tokens/"
    assert list(Token.objects.values_list("user__username", flat=True)) == ["other_org_operator"]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOKEN_REVOKED)
    assert (event.actor, event.subject, event.organisation_id) == (
        administrator,
        operator,
        membership(administrator).organisation_id,
    )


def _revoke_refused(client, operator, status):
    services.api_token_create(user=operator, verified=False, membership=None)
    response = client.post(f"/accounts/members/{operator.pk}/token/revoke/")
    assert response.status_code == status
    assert Token.objects.filter(user=operator).count() == 1
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TOKEN_REVOKED).exists()
    return response


def test_a_token_revocation_is_refused_to_anonymous_visitors(operator):
    assert _revoke_refused(Client(), operator, 302)["Location"].startswith("/accounts/login/")


def test_a_token_revocation_is_refused_to_other_roles(operator, coordinator):
    _revoke_refused(client_for(coordinator), operator, 403)


def test_another_organisations_administrator_cannot_see_or_revoke_a_token(world, operator):
    other_admin = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR
    )
    client = client_for(other_admin)

    _revoke_refused(client, operator, 404)

    assert client.get(f"/accounts/members/{operator.pk}/").status_code == 404
    assert "operator" not in client.get("/accounts/members/tokens/").content.decode()
    with pytest.raises(NotAllowed):
        services.api_token_revoke_for(actor=membership(other_admin), user=operator)
    assert Token.objects.filter(user=operator).count() == 1


def test_the_server_operator_still_issues_tokens_from_the_command_line(operator, administrator):
    _compulsory_for(administrator, Role.OPERATOR)

    call_command("drf_create_token", "operator")

    assert Token.objects.filter(user=operator).count() == 1
