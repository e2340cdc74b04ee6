"""The security policy belongs to an organisation: its administrators see and change only theirs,
on top of an installation-wide minimum set by the server operator."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings

from abitare.accounts import selectors, services
from abitare.accounts.models import Role, RolePolicy, SecurityEvent
from abitare.accounts.tests.factories import make_member
from abitare.accounts.tests.otp import membership, password_client, verified_client
from abitare.core.exceptions import DomainError, NotAllowed
from conftest import client_for


@pytest.fixture
def other_administrator(world):
    return make_member(
        organisation=world.other_organisation,
        territory=world.other_district,
        role=Role.ADMINISTRATOR,
        username="other_administrator",
    )


def _policies():
    return sorted(RolePolicy.objects.values_list("organisation__name", "role", "require_otp"))


def test_the_second_factor_is_compulsory_only_in_the_organisation_that_chose_it(
    world, operator, administrator, other_org_operator
):
    response = client_for(administrator).post("/accounts/security/", {"operator": "on"})

    assert response.status_code == 302
    assert _policies() == [("Agenzia Nord", "operator", True)]
    assert password_client("operator").get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"
    assert password_client("other_org_operator").get("/lavoro/").status_code == 200


def test_a_member_of_two_organisations_is_asked_for_the_code_under_the_one_that_requires_it(world, administrator):
    services.role_policy_set(actor=membership(administrator), role=Role.OPERATOR, require_otp=True, verified=True)
    user = make_member(organisation=world.other_organisation, territory=world.other_district, role=Role.OPERATOR)
    services.membership_grant(user=user, organisation=world.organisation, territory=world.district, role=Role.OPERATOR)
    north = user.memberships.get(organisation=world.organisation)
    client = password_client(user.username)

    assert client.get("/lavoro/").status_code == 200
    client.post("/accounts/membership/", {"membership": north.pk})
    assert client.get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"


def test_an_administrator_sees_and_changes_only_their_organisations_policy(world, administrator, other_administrator):
    client_for(administrator).post("/accounts/security/", {"operator": "on", "coordinator": "on"})

    page = client_for(other_administrator).get("/accounts/security/")
    response = client_for(other_administrator).post("/accounts/security/", {"auditor": "on"})

    assert page.context["form"]["operator"].value() is False
    assert page.context["form"]["coordinator"].value() is False
    assert "Agenzia Sud" in page.content.decode()
    assert "Agenzia Nord" not in page.content.decode()
    assert response.status_code == 302
    assert _policies() == [
        ("Agenzia Nord", "coordinator", True),
        ("Agenzia Nord", "operator", True),
        ("Agenzia Sud", "auditor", True),
    ]
    assert selectors.roles_requiring_otp(organisation_id=world.organisation.pk) == {"operator", "coordinator"}


def test_another_administrator_cannot_switch_off_a_policy_they_do_not_own(world, administrator, other_administrator):
    client_for(administrator).post("/accounts/security/", {"operator": "on"})

    # An empty form would switch everything off, but only in the other administrator's organisation.
    verified_client(other_administrator).post("/accounts/security/", {})

    assert _policies() == [("Agenzia Nord", "operator", True)]


def test_the_policy_page_is_refused_to_anonymous_visitors_and_other_roles(administrator, operator, auditor):
    client_for(administrator).post("/accounts/security/", {"reviewer": "on"})
    before = _policies()

    anonymous = Client().post("/accounts/security/", {})
    as_operator = client_for(operator).post("/accounts/security/", {})
    as_auditor = client_for(auditor).post("/accounts/security/", {})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert (as_operator.status_code, as_auditor.status_code) == (403, 403)
    assert _policies() == before
    with pytest.raises(NotAllowed):
        services.role_policy_set(actor=membership(operator), role=Role.REVIEWER, require_otp=False, verified=True)
    assert _policies() == before


def test_making_the_second_factor_optional_needs_a_verified_session(administrator):
    client_for(administrator).post("/accounts/security/", {"operator": "on"})

    refused = client_for(administrator).post("/accounts/security/", {})
    assert refused.status_code == 400
    assert "Conferma il tuo accesso con un secondo fattore prima di renderlo facoltativo" in refused.content.decode()
    assert _policies() == [("Agenzia Nord", "operator", True)]

    accepted = verified_client(administrator).post("/accounts/security/", {})
    assert accepted.status_code == 302
    assert _policies() == [("Agenzia Nord", "operator", False)]
    assert list(SecurityEvent.objects.order_by("id").values_list("kind", "detail")) == [
        (SecurityEvent.Kind.POLICY_REQUIRED, "operator"),
        (SecurityEvent.Kind.POLICY_RELAXED, "operator"),
    ]


@override_settings(OTP_REQUIRED_ROLES=["operator"])
def test_the_installation_minimum_applies_everywhere_and_cannot_be_switched_off(
    world, administrator, other_org_operator
):
    page = client_for(administrator).get("/accounts/security/")
    response = verified_client(administrator).post("/accounts/security/", {"coordinator": "on"})

    assert page.context["form"]["operator"].value() is True
    assert page.context["form"].fields["operator"].disabled is True
    assert "Obbligatorio in ogni organizzazione di questa installazione." in page.content.decode()
    assert response.status_code == 302
    assert selectors.roles_requiring_otp(organisation_id=world.organisation.pk) == {"operator", "coordinator"}
    assert password_client("other_org_operator").get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"
    with pytest.raises(DomainError):
        services.role_policy_set(actor=membership(administrator), role=Role.OPERATOR, require_otp=False, verified=True)


def test_the_auditor_sees_the_policy_changes_of_their_organisation_only(
    world, administrator, other_administrator, auditor
):
    services.role_policy_set(actor=membership(administrator), role=Role.OPERATOR, require_otp=True, verified=True)
    services.role_policy_set(
        actor=membership(other_administrator), role=Role.COORDINATOR, require_otp=True, verified=True
    )
    other_auditor = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.AUDITOR
    )

    ours = client_for(auditor).get("/accounts/audit/security-events/")
    theirs = client_for(other_auditor).get("/accounts/audit/security-events/")

    assert [(e.actor_username, e.detail) for e in ours.context["page"]] == [("administrator", "operator")]
    assert [(e.actor_username, e.detail) for e in theirs.context["page"]] == [("other_administrator", "coordinator")]
    assert client_for(administrator).get("/accounts/audit/security-events/").status_code == 403
    assert Client().get("/accounts/audit/security-events/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_a_global_policy_to_every_organisation():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_rolepolicy_organisation")])
    old_apps = executor.loader.project_state([("accounts", "0002_rolepolicy_organisation")]).apps
    organisation_model = old_apps.get_model("accounts", "Organisation")
    old_policy = old_apps.get_model("accounts", "RolePolicy")
    north = organisation_model.objects.create(name="Nord", kind="cooperative")
    south = organisation_model.objects.create(name="Sud", kind="cooperative")
    old_policy.objects.create(role="operator", require_otp=True)
    old_policy.objects.create(role="auditor", require_otp=False)

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_rolepolicy_copy_to_organisations")])
    new_apps = executor.loader.project_state([("accounts", "0003_rolepolicy_copy_to_organisations")]).apps
    new_policy = new_apps.get_model("accounts", "RolePolicy")

    assert sorted(new_policy.objects.values_list("organisation_id", "role", "require_otp")) == sorted(
        [
            (north.pk, "auditor", False),
            (north.pk, "operator", True),
            (south.pk, "auditor", False),
            (south.pk, "operator", True),
        ]
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
