"""Administrators manage people within their scope: their organisation and the territory subtree of
their membership in force. Every refusal changes nothing; every change is a security event."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from abitare.accounts.models import Membership, Role, SecurityEvent, User
from abitare.accounts.selectors import memberships_active
from abitare.accounts.services import members
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.core.exceptions import DomainError, NotAllowed
from abitare.core.testing import client_for

SITE = "https://abitare.example"


def _invite(actor, world, **changes):
    values = {
        "email": "nina@example.test",
        "first_name": "Nina",
        "last_name": "Neri",
        "organisation": world.organisation,
        "territory": world.municipality,
        "role": Role.OPERATOR,
        "site_url": SITE,
    }
    return members.member_invite(actor=actor, **{**values, **changes})


def _kinds(user):
    return list(SecurityEvent.objects.filter(subject=user).order_by("id").values_list("kind", flat=True))


def test_an_invitation_sends_a_one_time_link_to_choose_the_password(
    world, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(acting(administrator), world)

    assert not user.has_usable_password()
    assert user.username == "nina@example.test"
    assert _kinds(user) == [SecurityEvent.Kind.MEMBERSHIP_GRANTED, SecurityEvent.Kind.USER_INVITED]
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if line.startswith(SITE))
    anonymous = Client()
    form = anonymous.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = anonymous.post(set_url, {"new_password1": "Una-Chiave-Lunga-42", "new_password2": "Una-Chiave-Lunga-42"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Una-Chiave-Lunga-42")
    assert anonymous.get(link, follow=True).context["validlink"] is False


def test_inviting_again_sends_a_new_link_to_who_never_chose_a_password(world, administrator):
    user = _invite(acting(administrator), world)
    mail.outbox.clear()

    again = _invite(acting(administrator), world, email="Nina@Example.test")

    assert again == user
    assert Membership.objects.filter(user=user).count() == 1
    assert _kinds(user).count(SecurityEvent.Kind.USER_INVITED) == 2


def test_an_invitation_of_an_existing_account_adds_the_membership(world, administrator, other_org_operator):
    other_org_operator.email = "altrove@example.test"
    other_org_operator.save()

    user = _invite(acting(administrator), world, email="ALTROVE@example.test")

    assert user == other_org_operator
    assert Membership.objects.filter(user=user, organisation=world.organisation).count() == 1
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("where", ["other_organisation", "other_territory"])
def test_an_administrator_never_grants_outside_their_scope(world, where):
    admin = make_member(
        organisation=world.organisation, territory=world.municipality, role=Role.ADMINISTRATOR, username="admin-alfa"
    )
    target = {
        "other_organisation": {"organisation": world.other_organisation, "territory": world.municipality},
        "other_territory": {"organisation": world.organisation, "territory": world.district},
    }[where]
    before = (User.objects.count(), Membership.objects.count(), SecurityEvent.objects.count())

    with pytest.raises(NotAllowed) as refused:
        _invite(acting(admin), world, **target)

    assert refused.value.field_errors() == {"territory": [str(members.OUTSIDE_SCOPE)]}
    assert (User.objects.count(), Membership.objects.count(), SecurityEvent.objects.count()) == before


def test_only_an_administrator_invites(world, coordinator):
    with pytest.raises(NotAllowed):
        _invite(acting(coordinator), world)
    assert not User.objects.filter(email="nina@example.test").exists()


def test_a_membership_is_changed_within_scope_and_recorded(world, administrator, operator):
    admin = acting(administrator)
    membership = acting(operator)

    members.membership_update(
        actor=admin,
        membership=membership,
        territory=world.neighbourhood,
        role=Role.COORDINATOR,
        sensitive_data=True,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )

    membership.refresh_from_db()
    assert (membership.territory, membership.role, membership.sensitive_data) == (
        world.neighbourhood,
        Role.COORDINATOR,
        True,
    )
    assert _kinds(operator) == [SecurityEvent.Kind.MEMBERSHIP_CHANGED]


def test_a_membership_cannot_be_moved_out_of_scope(world, operator):
    admin = make_member(
        organisation=world.organisation, territory=world.municipality, role=Role.ADMINISTRATOR, username="admin-alfa"
    )
    membership = members.membership_create(
        actor=None, user=operator, organisation=world.organisation, territory=world.municipality, role=Role.COORDINATOR
    )

    with pytest.raises(NotAllowed):
        members.membership_update(
            actor=acting(admin),
            membership=membership,
            territory=world.district,
            role=Role.OPERATOR,
            sensitive_data=False,
            start_date=None,
            end_date=None,
        )
    membership.refresh_from_db()
    assert membership.territory == world.municipality


def test_an_ended_membership_is_no_longer_in_force(world, administrator, operator):
    membership = acting(operator)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)

    members.membership_update(
        actor=acting(administrator),
        membership=membership,
        territory=membership.territory,
        role=membership.role,
        sensitive_data=False,
        start_date=None,
        end_date=yesterday,
    )

    assert not memberships_active(user=operator).exists()


def test_the_end_date_must_follow_the_start_date(world, administrator, operator):
    with pytest.raises(DomainError) as refused:
        members.membership_update(
            actor=acting(administrator),
            membership=acting(operator),
            territory=world.district,
            role=Role.OPERATOR,
            sensitive_data=False,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )
    assert "end_date" in refused.value.field_errors()


def test_the_last_administrator_is_never_demoted_ended_or_deactivated(world, administrator):
    admin = acting(administrator)
    deputy = make_member(
        organisation=world.organisation, territory=world.district, role=Role.COORDINATOR, username="deputy"
    )

    with pytest.raises(DomainError) as demoted:
        members.membership_update(
            actor=admin,
            membership=admin,
            territory=world.district,
            role=Role.COORDINATOR,
            sensitive_data=False,
            start_date=None,
            end_date=None,
        )
    assert demoted.value.field_errors() == {"role": [str(members.LAST_ADMINISTRATOR)]}
    with pytest.raises(DomainError):
        members.membership_update(
            actor=admin,
            membership=admin,
            territory=world.district,
            role=Role.ADMINISTRATOR,
            sensitive_data=False,
            start_date=None,
            end_date=datetime.date.today() - datetime.timedelta(days=1),
        )
    with pytest.raises(DomainError):
        members.member_deactivate(actor=None, user=administrator)
    admin.refresh_from_db()
    assert (admin.role, admin.end_date, admin.is_active) == (Role.ADMINISTRATOR, None, True)
    assert deputy.is_active


def test_deactivation_and_reactivation(world, administrator, operator):
    admin = acting(administrator)

    members.member_deactivate(actor=admin, user=operator)
    operator.refresh_from_db()
    assert not operator.is_active
    assert not memberships_active(user=operator).exists()

    members.member_reactivate(actor=admin, user=operator)
    operator.refresh_from_db()
    assert operator.is_active
    assert memberships_active(user=operator).exists()
    assert _kinds(operator) == [SecurityEvent.Kind.ACCOUNT_DEACTIVATED, SecurityEvent.Kind.ACCOUNT_REACTIVATED]


def test_an_administrator_does_not_deactivate_themselves_nor_other_organisations(
    world, administrator, other_org_operator
):
    admin = acting(administrator)
    with pytest.raises(NotAllowed):
        members.member_deactivate(actor=admin, user=administrator)
    with pytest.raises(NotAllowed):
        members.member_deactivate(actor=admin, user=other_org_operator)
    other_org_operator.refresh_from_db()
    assert other_org_operator.is_active


def test_unlocking_lifts_the_lock_out(world, administrator, operator):
    AccessAttempt.objects.create(
        username=operator.username, ip_address="10.0.0.1", failures_since_start=5, get_data="", post_data=""
    )

    page = client_for(administrator).get(f"/accounts/members/{operator.pk}/")
    assert f"/accounts/members/{operator.pk}/unlock/" in page.content.decode()

    members.member_unlock(actor=acting(administrator), user=operator)

    assert not AccessAttempt.objects.filter(username=operator.username).exists()
    assert _kinds(operator) == [SecurityEvent.Kind.ACCOUNT_UNLOCKED]
    with pytest.raises(DomainError):
        members.member_unlock(actor=acting(administrator), user=operator)


def test_a_forced_password_change_comes_before_any_page(world, administrator, operator):
    members.member_password_change_force(actor=acting(administrator), user=operator)
    client = client_for(operator)

    assert client.get("/").status_code == 302
    assert client.get("/accounts/members/")["Location"] == "/accounts/password/change/"
    assert client.get("/api/v1/me/").status_code == 403
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "x", "new_password1": "Una-Chiave-Lunga-42", "new_password2": "Una-Chiave-Lunga-42"},
    )
    assert response.status_code == 200  # wrong old password: still asked
    operator.set_password("Vecchia-Chiave-7")
    operator.save()
    client = client_for(operator)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "Vecchia-Chiave-7",
            "new_password1": "Una-Chiave-Lunga-42",
            "new_password2": "Una-Chiave-Lunga-42",
        },
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert not operator.must_change_password
    assert _kinds(operator) == [SecurityEvent.Kind.PASSWORD_CHANGE_FORCED]


def test_the_auditor_sees_the_changes(world, administrator, auditor, operator):
    members.member_password_change_force(actor=acting(administrator), user=operator)

    page = client_for(auditor).get("/accounts/audit/security-events/")

    assert page.status_code == 200
    assert "Cambio password richiesto da un amministratore" in page.content.decode()


def test_the_invite_command_as_the_server_operator(world):
    call_command(
        "invite-user",
        "--email=prima@example.test",
        "--first-name=Prima",
        "--last-name=Amministratrice",
        f"--organisation={world.organisation.pk}",
        "--territory=Distretto Nord",
        "--role=administrator",
    )

    user = User.objects.get(email="prima@example.test")
    assert acting(user).role == Role.ADMINISTRATOR
    assert SecurityEvent.objects.get(subject=user, kind=SecurityEvent.Kind.USER_INVITED).actor is None


def test_the_invite_command_as_an_administrator_keeps_to_their_scope(world, administrator):
    with pytest.raises(CommandError):
        call_command(
            "invite-user",
            "--email=fuori@example.test",
            "--first-name=Fuori",
            "--last-name=Scope",
            f"--organisation={world.other_organisation.pk}",
            "--territory=Distretto Sud",
            "--role=operator",
            f"--as={administrator.username}",
        )
    assert not User.objects.filter(email="fuori@example.test").exists()
