"""The second factor in a real browser: an operator whose organisation makes it compulsory sets up
an authenticator app after the password, saves the recovery codes shown once, and later signs in
with one of them. WCAG 2.1 AA (axe-core) on every step; screenshots go to docs/screenshots/."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp

from abitare.accounts.models import Membership, Role
from abitare.accounts.services import role_policy_set
from abitare.accounts.tests.factories import make_member

pytestmark = pytest.mark.e2e

PASSWORD = "Correct-horse-2026"


def _password_step(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def _code_from_the_app(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_enrolment_with_recovery_codes_and_a_sign_in_with_one(page, mobile_page, world, axe, screenshot):
    # given an operator of an organisation whose administrator made the second factor compulsory
    administrator = make_member(organisation=world.organisation, territory=world.district, role=Role.ADMINISTRATOR)
    role_policy_set(
        actor=Membership.objects.get(user=administrator), role=Role.OPERATOR, require_otp=True, verified=True
    )
    make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username="operator")

    # when they sign in with the password, they are asked to set up an authenticator app first
    _password_step(page, "operator")
    page.wait_for_url("**/accounts/otp/setup/**")
    assert page.locator("main h1").inner_text().strip() == "Attiva l'autenticazione a due fattori"
    axe(page)
    screenshot(page, "second-factor-setup.png")

    # and they confirm the pairing with the app's code
    secret = page.locator("[data-testid=otp-secret]").inner_text().strip()
    page.locator("#id_token").fill(_code_from_the_app(secret))
    page.locator("main form button[type=submit]").click()

    # then the recovery codes are shown, once
    page.wait_for_url("**/accounts/otp/recovery-codes/**")
    codes = [code.strip() for code in page.locator("[data-testid=recovery-codes] code").all_inner_texts()]
    assert len(codes) == 10
    assert all(len(code) == 9 and code[4] == "-" for code in codes)
    axe(page)
    screenshot(page, "second-factor-recovery-codes.png")
    page.locator("[data-testid=codes-saved]").click()
    page.wait_for_url("**/lavoro/")
    page.goto("/accounts/otp/recovery-codes/")
    assert page.locator("[data-testid=recovery-codes]").count() == 0

    # when, on a phone, they sign in again without the app and use a recovery code
    _password_step(mobile_page, "operator")
    mobile_page.wait_for_url("**/accounts/otp/**")
    mobile_page.locator("[data-testid=use-recovery-code]").click()
    mobile_page.wait_for_url("**/accounts/otp/recovery/**")
    axe(mobile_page)
    screenshot(mobile_page, "second-factor-recovery-mobile.png")
    mobile_page.locator("#id_code").fill(codes[0])
    mobile_page.locator("main form button[type=submit]").click()

    # then they are in, and their account page counts the codes left
    mobile_page.wait_for_url("**/lavoro/")
    mobile_page.locator("[data-testid=account-menu]").click()
    mobile_page.wait_for_url("**/accounts/account/")
    assert "9 codici di recupero non usati" in mobile_page.locator("main").inner_text()
    axe(mobile_page)
    screenshot(mobile_page, "account-security-mobile.png")
