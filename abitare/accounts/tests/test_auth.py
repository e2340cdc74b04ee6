"""Sign-in, lock-out, second factor, password change and reset, CSRF and sessions."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from abitare.accounts.models import Role
from abitare.accounts.selectors import roles_requiring_otp
from abitare.accounts.services import role_policy_set
from abitare.accounts.tests.factories import membership_of_user
from conftest import client_for

PASSWORD = "Correct-horse-2026"


def _login(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def _token(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_member_signs_in_and_lands_on_the_work_list(operator):
    client = Client()
    response = _login(client, "operator")
    assert response.status_code == 302
    assert response["Location"] == "/lavoro/"
    assert client.get("/lavoro/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message_and_no_session(operator):
    client = Client()
    response = _login(client, "operator", "wrong-password")
    assert response.status_code == 200
    assert "Inserisci nome utente e password corretti" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_five_failures_on_one_account_from_one_address_lock_it_even_with_the_right_password(operator):
    for _attempt in range(5):
        _login(Client(REMOTE_ADDR="10.0.0.7"), "operator", "wrong-password")
    client = Client(REMOTE_ADDR="10.0.0.7")
    response = _login(client, "operator")
    assert response.status_code == 429
    assert "Account temporaneamente bloccato" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_role_with_a_compulsory_second_factor_must_set_it_up_before_working(operator, administrator):
    role_policy_set(actor=membership_of_user(administrator), role=Role.OPERATOR, require_otp=True, verified=True)
    client = Client()
    _login(client, "operator")
    response = client.get("/lavoro/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/")
    setup = client.get("/accounts/otp/setup/")
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": "000000"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles the device for a second
    response = client.post("/accounts/otp/setup/", {"token": _token(device)})
    assert response.status_code == 302
    assert client.get("/lavoro/").status_code == 200


def test_a_user_with_a_device_must_enter_a_code_at_each_sign_in(operator):
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    client = Client()
    _login(client, "operator")
    assert client.get("/lavoro/")["Location"].startswith("/accounts/otp/")
    wrong = client.post("/accounts/otp/", {"token": "123456"})
    assert wrong.status_code == 200
    assert "Il codice non è valido" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post("/accounts/otp/", {"token": _token(device), "next": "/lavoro/"})["Location"] == "/lavoro/"
    assert client.get("/lavoro/").status_code == 200


def test_only_an_administrator_changes_the_security_policy(operator, administrator):
    response = client_for(operator).post("/accounts/security/", {"operator": "on"})
    assert response.status_code == 403
    response = client_for(administrator).post("/accounts/security/", {"operator": "on"})
    assert response.status_code == 302
    assert roles_requiring_otp(organisation_id=membership_of_user(administrator).organisation_id) == {"operator"}


def test_password_change_needs_the_old_password(operator):
    client = client_for(operator)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "nope", "new_password1": "Another-horse-2027", "new_password2": "Another-horse-2027"},
    )
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "Another-horse-2027", "new_password2": "Another-horse-2027"},
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("Another-horse-2027")


def test_password_reset_sends_a_link_that_sets_a_new_password(operator):
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": operator.email}).status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Reset-horse-2028", "new_password2": "Reset-horse-2028"}
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("Reset-horse-2028")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_post_without_a_csrf_token_is_refused_with_a_readable_page(operator, administrator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    response = client.post("/accounts/security/", {"operator": "on"})
    assert response.status_code == 403
    assert "Il modulo è scaduto" in response.content.decode()
    assert roles_requiring_otp(organisation_id=membership_of_user(administrator).organisation_id) == set()


def test_an_expired_session_sends_the_user_back_to_sign_in(operator):
    client = client_for(operator)
    client.session.flush()
    client.cookies.clear()
    response = client.get("/lavoro/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/lavoro/"


def test_logout_is_post_only(operator):
    client = client_for(operator)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(("language", "text"), [("it", "Lista di lavoro"), ("en", "Work list")])
def test_the_work_list_speaks_the_chosen_language(operator, language, text):
    client = client_for(operator)
    client.post("/i18n/setlang/", {"language": language, "next": "/lavoro/"})
    response = client.get("/lavoro/")
    assert f'lang="{language}"' in response.content.decode()
    assert text in response.content.decode()
