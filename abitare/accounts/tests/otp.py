"""Helpers for second-factor tests: the current code of a device, a password-only sign-in and a
session verified with a second factor."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from abitare.accounts.models import Membership, User

PASSWORD = "Correct-horse-2026"


def code_for(device: TOTPDevice) -> str:
    """The device's current code, accepted even if the same code was used a moment ago in the test."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_client(username: str, **extra: str) -> Client:
    """A client signed in through the login form with the password only (not verified)."""
    client = Client(**extra)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def device_for(user: User) -> TOTPDevice:
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "phone"})
    return device


def verified_client(user: User) -> Client:
    """A client signed in with the password and a code from the user's (created if missing) app."""
    device = device_for(user)
    client = password_client(user.username)
    response = client.post("/accounts/otp/", {"token": code_for(device)})
    assert response.status_code == 302, response.status_code
    return client


def membership(user: User) -> Membership:
    return Membership.objects.select_related("organisation", "territory").get(user=user)
