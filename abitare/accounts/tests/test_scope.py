"""One way to scope a queryset: the current membership's organisation and territory subtree."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from abitare.accounts.models import Membership, Role, Territory
from abitare.accounts.permissions import membership_of, scope
from abitare.accounts.services import membership_grant, membership_switch, territory_create
from abitare.accounts.tests.factories import make_member
from abitare.core.exceptions import DomainError
from conftest import client_for


def test_scope_keeps_the_organisation_and_the_territory_subtree(world, operator, other_org_operator):
    neighbour = make_member(organisation=world.organisation, territory=world.neighbourhood, role=Role.FACILITATOR)
    membership = Membership.objects.get(user=operator)
    visible = set(scope(Membership.objects.all(), membership).values_list("user__username", flat=True))
    assert visible == {"operator", neighbour.username}

    narrow = Membership.objects.get(user=neighbour)
    visible = set(scope(Membership.objects.all(), narrow).values_list("user__username", flat=True))
    assert visible == {neighbour.username}


def test_scope_without_a_membership_sees_nothing(world, operator):
    assert scope(Membership.objects.all(), None).count() == 0


def test_a_membership_outside_the_organisation_territories_is_refused(world, operator):
    with pytest.raises(DomainError) as refused:
        membership_grant(
            user=operator, organisation=world.organisation, territory=world.other_district, role=Role.OPERATOR
        )
    assert refused.value.field == "territory"
    assert Membership.objects.filter(user=operator).count() == 1


def test_the_territory_tree_refuses_a_neighbourhood_directly_under_a_district(world):
    before = Territory.objects.count()
    with pytest.raises(DomainError) as refused:
        territory_create(name="Borgo", kind=Territory.Kind.NEIGHBOURHOOD, parent=world.district)
    assert refused.value.field == "parent"
    assert Territory.objects.count() == before


def test_switching_to_an_own_membership_changes_the_scope(world, operator):
    second = membership_grant(
        user=operator, organisation=world.organisation, territory=world.neighbourhood, role=Role.COORDINATOR
    )
    client = client_for(operator)
    response = client.post("/accounts/membership/", {"membership": second.pk, "next": "/lavoro/"})
    assert response.status_code == 302
    assert client.session["membership_id"] == second.pk
    assert "Coordinatore" in client.get("/lavoro/").content.decode()


def test_switching_to_someone_elses_membership_is_refused_and_changes_nothing(world, operator, other_org_operator):
    foreign = Membership.objects.get(user=other_org_operator)
    client = client_for(operator)
    response = client.post("/accounts/membership/", {"membership": foreign.pk})
    assert response.status_code == 404
    assert "membership_id" not in client.session
    response = client.post("/accounts/membership/", {"membership": "not-a-number"})
    assert response.status_code == 400


def test_an_api_client_picks_its_membership_with_a_header_and_cannot_pick_a_foreign_one(
    world, operator, other_org_operator
):
    second = membership_grant(
        user=operator, organisation=world.organisation, territory=world.neighbourhood, role=Role.COORDINATOR
    )
    foreign = Membership.objects.get(user=other_org_operator)
    client = client_for(operator)
    me = client.get("/api/v1/me/", HTTP_X_ABITARE_MEMBERSHIP=str(second.pk)).json()
    assert me["current_membership"] == second.pk
    me = client.get("/api/v1/me/", HTTP_X_ABITARE_MEMBERSHIP=str(foreign.pk)).json()
    assert me["current_membership"] != foreign.pk


def test_membership_of_an_anonymous_request_is_none(rf, db):

    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = Client().session
    assert membership_of(request) is None


def test_the_membership_switch_service_refuses_a_foreign_id(world, operator, other_org_operator):
    foreign = Membership.objects.get(user=other_org_operator)
    session: dict[str, int] = {}
    with pytest.raises(DomainError):
        membership_switch(session=session, user=operator, membership_id=foreign.pk)
    assert session == {}
