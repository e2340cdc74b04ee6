"""Another organisation's lab takes part in an Agorà, and is shown with it, only once one of its
facilitators accepts the invitation; every refusal changes nothing."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member, make_territory, membership_of_user
from abitare.core.exceptions import NotAllowed
from abitare.labs import services
from abitare.labs.models import Activity, AgoraInvitation, Lab
from abitare.labs.tests.conftest import next_weekday
from conftest import client_for

TITLE = "Agorà delle reti"


@pytest.fixture
def own_lab(world, facilitator, place):
    return services.lab_create(
        actor=acting(facilitator),
        name="Laboratorio Due",
        kind=Lab.Kind.COMMUNITY_LAB,
        territory=world.neighbourhood,
        organisation=world.organisation,
        main_place=place,
    )


@pytest.fixture
def agora(facilitator, lab, place, other_lab, own_lab):
    start = next_weekday(5, 17)
    return services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        kind=Activity.Kind.AGORA,
        title=TITLE,
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=2),
        participating_labs=[other_lab, own_lab],
    )


@pytest.fixture
def invitation(agora, other_lab):
    return AgoraInvitation.objects.get(activity=agora, lab=other_lab)


def _public_views(lab):
    """What the public sees of ``lab``: its page, its calendar feed and the public occurrences API."""
    client = Client()
    page = client.get(reverse("labs:lab-detail", args=[lab.slug])).content.decode()
    feed = client.get(reverse("labs:lab-feed", args=[lab.slug])).content.decode()
    api = client.get("/api/v1/lab-occurrences/", {"lab": lab.slug}).json()
    return page, feed, [row["title"] for row in api]


def _shown_with(lab):
    page, feed, api = _public_views(lab)
    return TITLE in page, TITLE in feed, TITLE in api


def test_the_host_organisations_labs_take_part_at_once_the_others_are_invited(agora, own_lab, other_lab, facilitator):
    invitation = AgoraInvitation.objects.get()

    assert list(agora.participating_labs.all()) == [own_lab]
    assert (invitation.lab, invitation.status, invitation.invited_by) == (other_lab, "pending", facilitator)
    assert _shown_with(own_lab) == (True, True, True)
    assert _shown_with(other_lab) == (False, False, False)


def test_the_network_page_names_only_the_labs_that_take_part(agora, world):
    page = Client().get(reverse("labs:network-detail", args=[world.district.pk])).content.decode()

    assert "Laboratorio Due" in page
    assert "Laboratorio Sud" not in page


def test_accepting_on_the_page_shows_the_lab_with_the_agora(invitation, other_lab, other_org_facilitator):
    client = client_for(other_org_facilitator)
    page = client.get(reverse("labs:manage-lab", args=[other_lab.pk])).content.decode()

    response = client.post(reverse("labs:agora-invitation-answer", args=[invitation.pk]), {"answer": "accept"})

    invitation.refresh_from_db()
    assert TITLE in page
    assert response.status_code == 302
    assert response["Location"] == reverse("labs:manage-lab", args=[other_lab.pk])
    assert (invitation.status, invitation.answered_by) == ("accepted", other_org_facilitator)
    assert other_lab in invitation.activity.participating_labs.all()
    assert _shown_with(other_lab) == (True, True, True)


def test_declining_keeps_the_lab_out_and_withdrawing_takes_it_out_again(invitation, other_lab, other_org_facilitator):
    actor = membership_of_user(other_org_facilitator)

    services.agora_invitation_answer(actor=actor, invitation=invitation, accept=False)
    declined = _shown_with(other_lab)
    services.agora_invitation_answer(actor=actor, invitation=invitation, accept=True)
    accepted = _shown_with(other_lab)
    services.agora_invitation_answer(actor=actor, invitation=invitation, accept=False)

    assert declined == (False, False, False)
    assert accepted == (True, True, True)
    assert _shown_with(other_lab) == (False, False, False)
    assert AgoraInvitation.objects.get().status == "declined"


def _unchanged(invitation, other_lab):
    invitation.refresh_from_db()
    return invitation.status == "pending" and invitation.answered_by is None and not other_lab.gatherings.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other_org_operator", 403),  # wrong role, the invited lab's organisation
        ("facilitator", 404),  # the host organisation: not its lab to answer for
        ("coordinator", 404),
    ],
)
def test_who_may_not_answer_on_the_page_changes_nothing(invitation, other_lab, request, who, status):
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))

    response = client.post(reverse("labs:agora-invitation-answer", args=[invitation.pk]), {"answer": "accept"})

    assert response.status_code == status
    assert _unchanged(invitation, other_lab)
    assert _shown_with(other_lab) == (False, False, False)


def test_a_facilitator_of_the_right_organisation_outside_the_labs_territory_is_refused(invitation, other_lab, world):

    elsewhere = make_territory("Comune Delta", "municipality", world.other_district, "099004")
    outside = make_member(
        organisation=world.other_organisation, territory=elsewhere, role=Role.FACILITATOR, username="delta"
    )

    page = client_for(outside).post(reverse("labs:agora-invitation-answer", args=[invitation.pk]), {"answer": "accept"})
    with pytest.raises(NotAllowed):
        services.agora_invitation_answer(actor=membership_of_user(outside), invitation=invitation, accept=True)

    assert page.status_code == 404
    assert _unchanged(invitation, other_lab)


def test_the_service_refuses_the_host_and_changes_nothing(invitation, other_lab, facilitator):
    with pytest.raises(NotAllowed):
        services.agora_invitation_answer(actor=membership_of_user(facilitator), invitation=invitation, accept=True)

    assert _unchanged(invitation, other_lab)


def test_a_malformed_answer_changes_nothing(invitation, other_lab, other_org_facilitator):
    response = client_for(other_org_facilitator).post(
        reverse("labs:agora-invitation-answer", args=[invitation.pk]), {"answer": "maybe"}
    )

    assert response.status_code == 302
    assert _unchanged(invitation, other_lab)


def test_the_host_sees_the_invitation_and_its_answer(agora, invitation, facilitator, other_org_facilitator):
    services.agora_invitation_answer(
        actor=membership_of_user(other_org_facilitator), invitation=invitation, accept=False
    )

    page = client_for(facilitator).get(reverse("labs:manage-activity", args=[agora.pk])).content.decode()

    assert "Laboratorio Sud · Rifiutato" in page


def test_the_invited_labs_work_list_shows_the_invitation(invitation, other_org_facilitator, facilitator):
    theirs = client_for(other_org_facilitator).get(reverse("web:worklist")).content.decode()
    ours = client_for(facilitator).get(reverse("web:worklist")).content.decode()

    assert f"Invito a un&#x27;Agorà: {TITLE}" in theirs or f"Invito a un'Agorà: {TITLE}" in theirs
    # The inviting lab's own page shows its Agorà among its next sessions, never as an invitation.
    assert "Invito a un" not in ours


# API ----------------------------------------------------------------------------------------


def test_the_api_lists_invitations_to_the_callers_labs_only(invitation, other_org_facilitator, facilitator):
    theirs = client_for(other_org_facilitator).get("/api/v1/agora-invitations/").json()["results"]
    ours = client_for(facilitator).get("/api/v1/agora-invitations/").json()["results"]

    assert [(row["id"], row["status"], row["activity_title"]) for row in theirs] == [(invitation.pk, "pending", TITLE)]
    assert ours == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("other_org_operator", 403), ("facilitator", 404), ("other_org_facilitator", 200)],
)
def test_answering_through_the_api(invitation, other_lab, request, who, status):
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))

    response = client.post(
        f"/api/v1/agora-invitations/{invitation.pk}/answer/", {"accept": True}, content_type="application/json"
    )

    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == "accepted"
        assert _shown_with(other_lab) == (True, True, True)
    else:
        assert _unchanged(invitation, other_lab)


def test_the_activity_api_shows_the_host_its_invitations(agora, invitation, facilitator):
    row = client_for(facilitator).get(f"/api/v1/lab-activities/{agora.pk}/").json()

    assert [(item["lab"], item["status"]) for item in row["invitations"]] == [(invitation.lab_id, "pending")]


# The migration for Agorà listed before consent was asked -----------------------------------


def test_the_migration_turns_a_foreign_participation_into_a_pending_invitation(agora, own_lab, other_lab):
    AgoraInvitation.objects.all().delete()
    agora.participating_labs.add(other_lab)  # as an Agorà was saved before invitations existed
    migration = importlib.import_module("abitare.labs.migrations.0005_agora_invitations_from_other_organisations")

    migration.invite_instead(apps, None)

    assert list(agora.participating_labs.all()) == [own_lab]
    assert list(AgoraInvitation.objects.values_list("lab_id", "status")) == [(other_lab.pk, "pending")]
