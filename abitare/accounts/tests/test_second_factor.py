"""The second factor: first set-up, replacement, recovery codes, an administrator's reset, and the
pages an unverified user may reach."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from abitare.accounts import services
from abitare.accounts.middleware import OTP_EXEMPT_URL_NAMES
from abitare.accounts.models import Role, SecurityEvent
from abitare.accounts.tests.factories import make_member
from abitare.accounts.tests.otp import code_for, device_for, membership, password_client, verified_client
from abitare.core.exceptions import NotAllowed
from conftest import client_for

DEVICE_SESSION_KEY = "otp_device_id"


def _compulsory_for_operators(administrator):
    services.role_policy_set(actor=membership(administrator), role=Role.OPERATOR, require_otp=True, verified=True)


def _kinds(user):
    return list(SecurityEvent.objects.filter(subject=user).order_by("id").values_list("kind", flat=True))


# The bypass of the review: password only -> setup page -> new app -> confirm -------------------


def test_with_the_password_only_a_new_app_cannot_replace_the_confirmed_one(operator, administrator):
    _compulsory_for_operators(administrator)
    current = device_for(operator)
    client = password_client("operator")

    setup = client.get("/accounts/otp/setup/")
    new = TOTPDevice.objects.filter(user=operator, confirmed=False).first() or TOTPDevice.objects.create(
        user=operator, name="attacker", confirmed=False
    )
    confirm = client.post("/accounts/otp/setup/", {"token": code_for(new)})

    assert setup.status_code == 302
    assert setup["Location"] == "/accounts/otp/?next=/accounts/otp/setup/"
    assert confirm.status_code == 302
    assert confirm["Location"] == "/accounts/otp/?next=/accounts/otp/setup/"
    assert list(TOTPDevice.objects.filter(user=operator, confirmed=True)) == [current]
    new.refresh_from_db()
    assert new.confirmed is False
    assert DEVICE_SESSION_KEY not in client.session
    assert client.get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"
    assert _kinds(operator) == []


def test_the_service_refuses_to_replace_a_confirmed_app_without_a_verified_session(operator):
    current = device_for(operator)
    new = TOTPDevice.objects.create(user=operator, name="attacker", confirmed=False)

    with pytest.raises(NotAllowed):
        services.second_factor_enrol(
            user=operator, device=new, token=code_for(new), verified=False, membership=membership(operator)
        )

    assert list(TOTPDevice.objects.filter(user=operator, confirmed=True)) == [current]
    assert _kinds(operator) == []


# First set-up --------------------------------------------------------------------------------


def test_a_compulsory_role_sets_up_the_app_after_the_password_and_gets_recovery_codes_once(operator, administrator):
    _compulsory_for_operators(administrator)
    client = password_client("operator")
    assert client.get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"
    assert client.get("/accounts/otp/")["Location"] == "/accounts/otp/setup/?next="
    assert client.get("/accounts/otp/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=operator, confirmed=False)

    wrong = client.post("/accounts/otp/setup/", {"token": "000000"})
    right = client.post("/accounts/otp/setup/", {"token": code_for(device), "next": "/lavoro/"})

    assert wrong.status_code == 400
    assert "Il codice non è valido" in wrong.content.decode()
    assert right.status_code == 302
    assert right["Location"] == "/accounts/otp/recovery-codes/?next=/lavoro/"
    codes = sorted(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True))
    assert len(codes) == 10
    shown = client.get(right["Location"]).content.decode()
    assert all(f"{code[:4]}-{code[4:]}" in shown for code in codes)
    assert 'href="/lavoro/"' in shown
    again = client.get("/accounts/otp/recovery-codes/").content.decode()
    assert not any(f"{code[:4]}-{code[4:]}" in again for code in codes)
    assert "10 codici di recupero non usati" in again
    assert client.get("/lavoro/").status_code == 200
    assert _kinds(operator) == [SecurityEvent.Kind.DEVICE_ENROLLED, SecurityEvent.Kind.RECOVERY_CODES_GENERATED]


def test_a_pairing_in_progress_is_seen_only_by_the_session_that_started_it(operator):
    owner = password_client("operator")
    other = password_client("operator")

    owner_page = owner.get("/accounts/otp/setup/")
    other_page = other.get("/accounts/otp/setup/")
    owner_device = TOTPDevice.objects.get(pk=owner.session["abitare_pending_totp_device"])
    other_device = TOTPDevice.objects.get(pk=other.session["abitare_pending_totp_device"])
    confirmed_elsewhere = other.post("/accounts/otp/setup/", {"token": code_for(owner_device)})

    assert owner_device.pk != other_device.pk
    assert owner_page.context["secret"] != other_page.context["secret"]
    assert confirmed_elsewhere.status_code == 400
    assert not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert owner.post("/accounts/otp/setup/", {"token": code_for(owner_device)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=operator)) == [owner_device]


def test_a_user_with_an_app_enters_a_code_at_each_sign_in(operator):
    device = device_for(operator)
    client = password_client("operator")

    wrong = client.post("/accounts/otp/", {"token": "123456"})
    right = client.post("/accounts/otp/", {"token": code_for(device), "next": "/lavoro/"})

    assert "Il codice non è valido" in wrong.content.decode()
    assert right["Location"] == "/lavoro/"
    assert client.get("/lavoro/").status_code == 200


# Replacement ---------------------------------------------------------------------------------


def test_a_session_verified_with_the_current_app_replaces_it(operator):
    old = device_for(operator)
    client = verified_client(operator)

    assert client.get("/accounts/otp/setup/").status_code == 200
    new = TOTPDevice.objects.get(user=operator, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": code_for(new), "next": "/lavoro/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/recovery-codes/?next=/lavoro/"
    assert list(TOTPDevice.objects.filter(user=operator)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.session[DEVICE_SESSION_KEY] == new.persistent_id
    assert client.get("/lavoro/").status_code == 200
    assert _kinds(operator) == [SecurityEvent.Kind.DEVICE_REPLACED, SecurityEvent.Kind.RECOVERY_CODES_GENERATED]


def test_a_replacement_keeps_the_recovery_codes_the_user_still_has(operator):
    device_for(operator)
    codes = services.recovery_codes_generate(user=operator, verified=True, membership=None)
    client = verified_client(operator)
    client.get("/accounts/otp/setup/")
    new = TOTPDevice.objects.get(user=operator, confirmed=False)

    response = client.post("/accounts/otp/setup/", {"token": code_for(new)})

    assert response["Location"] == "/lavoro/"
    assert sorted(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True)) == sorted(codes)


# Recovery codes ------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(operator, administrator):
    _compulsory_for_operators(administrator)
    device_for(operator)
    codes = services.recovery_codes_generate(user=operator, verified=True, membership=None)
    first = password_client("operator")

    used = first.post("/accounts/otp/recovery/", {"code": f"{codes[0][:4].upper()}-{codes[0][4:]}", "next": "/lavoro/"})
    second = password_client("operator")
    reused = second.post("/accounts/otp/recovery/", {"code": codes[0]})

    assert used.status_code == 302
    assert used["Location"] == "/lavoro/"
    assert first.get("/lavoro/").status_code == 200
    assert reused.status_code == 400
    assert "non è valido o è già stato usato" in reused.content.decode()
    assert second.get("/lavoro/")["Location"] == "/accounts/otp/?next=%2Flavoro%2F"
    assert StaticToken.objects.filter(device__user=operator).count() == 9
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert _kinds(operator) == [SecurityEvent.Kind.RECOVERY_CODES_GENERATED, SecurityEvent.Kind.RECOVERY_CODE_USED]


def test_after_a_recovery_code_the_lost_app_is_replaced(operator):
    lost = device_for(operator)
    codes = services.recovery_codes_generate(user=operator, verified=True, membership=None)
    client = password_client("operator")
    client.post("/accounts/otp/recovery/", {"code": codes[3]})

    assert client.get("/accounts/otp/setup/").status_code == 200
    new = TOTPDevice.objects.get(user=operator, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": code_for(new)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=operator)) == [new]
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_wrong_recovery_codes_are_throttled(operator):
    device_for(operator)
    codes = services.recovery_codes_generate(user=operator, verified=True, membership=None)
    client = password_client("operator")

    client.post("/accounts/otp/recovery/", {"code": "aaaa-aaaa"})
    right_but_too_soon = client.post("/accounts/otp/recovery/", {"code": codes[0]})

    assert right_but_too_soon.status_code == 400
    assert StaticToken.objects.filter(token=codes[0]).exists()
    assert StaticDevice.objects.get(user=operator).throttling_failure_count == 1


def test_recovery_codes_are_regenerated_from_a_verified_session_only(operator):
    device_for(operator)
    old = services.recovery_codes_generate(user=operator, verified=True, membership=None)

    with pytest.raises(NotAllowed):
        services.recovery_codes_generate(user=operator, verified=False, membership=None)
    unverified_attempt = client_for(operator).post("/accounts/otp/recovery-codes/")
    assert sorted(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True)) == sorted(old)

    client = verified_client(operator)
    response = client.post("/accounts/otp/recovery-codes/")
    shown = client.get(response["Location"]).content.decode()

    new = list(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True))
    assert unverified_attempt.status_code == 302
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert all(f"{code[:4]}-{code[4:]}" in shown for code in new)
    assert client.get("/lavoro/").status_code == 200  # the session stays verified


# An administrator's reset --------------------------------------------------------------------


def test_an_administrator_resets_a_members_second_factor_and_the_auditor_sees_it(
    operator, administrator, auditor, mailoutbox, django_capture_on_commit_callbacks
):
    device_for(operator)
    services.recovery_codes_generate(user=operator, verified=True, membership=None)
    admin = verified_client(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/accounts/members/{operator.pk}/second-factor/reset/", {"confirm": "on"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert not StaticDevice.objects.filter(user=operator).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET)
    assert (event.actor, event.subject, event.organisation_id) == (
        administrator,
        operator,
        membership(administrator).organisation_id,
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["operator@example.test"], "Abitare: Secondo fattore azzerato da un amministratore")
    ]
    assert "L'ha fatta l'amministratore administrator." in mailoutbox[0].body
    events_page = client_for(auditor).get("/accounts/audit/security-events/").content.decode()
    assert "Secondo fattore azzerato da un amministratore" in events_page
    assert "administrator" in events_page
    # The member sets up a new app after the password alone.
    client = password_client("operator")
    assert client.get("/accounts/otp/setup/").status_code == 200


def _reset_refused(client, operator, expected_status):
    device = device_for(operator)
    response = client.post(f"/accounts/members/{operator.pk}/second-factor/reset/", {"confirm": "on"})
    assert response.status_code == expected_status
    assert list(TOTPDevice.objects.filter(user=operator)) == [device]
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET).exists()
    return response


def test_a_reset_is_refused_to_anonymous_visitors(operator):
    response = _reset_refused(Client(), operator, 302)
    assert response["Location"].startswith("/accounts/login/")


def test_a_reset_is_refused_to_other_roles(operator, coordinator):
    _reset_refused(verified_client(coordinator), operator, 403)


def test_a_reset_is_refused_to_another_organisations_administrator(world, operator):
    other_admin = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR
    )
    _reset_refused(verified_client(other_admin), operator, 404)
    with pytest.raises(NotAllowed):
        services.second_factor_reset(actor=membership(other_admin), user=operator, verified=True)


def test_a_reset_needs_the_administrators_own_verified_session(operator, administrator):
    admin = client_for(administrator)
    response = _reset_refused(admin, operator, 302)
    page = admin.get(response["Location"]).content.decode()
    assert "Conferma il tuo accesso con un secondo fattore" in page


def test_a_reset_needs_the_confirmation_box(operator, administrator):
    device = device_for(operator)
    admin = verified_client(administrator)

    admin.post(f"/accounts/members/{operator.pk}/second-factor/reset/", {})

    assert list(TOTPDevice.objects.filter(user=operator)) == [device]


def test_an_administrator_cannot_reset_their_own_second_factor(administrator):
    device = device_for(administrator)
    with pytest.raises(NotAllowed):
        services.second_factor_reset(actor=membership(administrator), user=administrator, verified=True)
    assert list(TOTPDevice.objects.filter(user=administrator)) == [device]


# Which pages an unverified user reaches ------------------------------------------------------


def test_the_exempt_pages_are_the_code_steps_the_setup_logout_and_language(operator, administrator):

    assert {
        "accounts:otp-verify",
        "accounts:otp-recover",
        "accounts:otp-setup",
        "accounts:logout",
        "web:set-language",
    } == OTP_EXEMPT_URL_NAMES


def test_an_unverified_session_of_a_compulsory_role_reaches_its_account_pages_only_after_the_code(
    operator, administrator
):
    _compulsory_for_operators(administrator)
    device_for(operator)
    client = password_client("operator")
    for url in (
        "/accounts/account/",
        "/accounts/otp/recovery-codes/",
        "/accounts/password/change/",
        "/accounts/account/token/",
        "/admin/",
    ):
        assert client.get(url)["Location"].startswith("/accounts/otp/?next="), url
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "otp_required"
