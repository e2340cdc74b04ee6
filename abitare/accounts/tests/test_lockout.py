"""Lock-out behind a reverse proxy: failures count per account and client address, the address is
the one the trusted proxies received, and one address trying many accounts is stopped too."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings

from abitare.accounts.tests.otp import PASSWORD

PROXY = "10.0.0.1"


def _through_proxy(client_address: str, forwarded: str = "") -> Client:
    # The proxy appends the address it received the request from.
    header = f"{forwarded}, {client_address}" if forwarded else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_five_failures_lock_only_that_account_from_that_client(operator, coordinator):
    for _attempt in range(5):
        _login(_through_proxy("203.0.113.7"), "operator", "wrong-password")

    same = _through_proxy("203.0.113.7")
    other_account = _through_proxy("203.0.113.7")
    other_client = _through_proxy("198.51.100.9")

    assert _login(same, "operator").status_code == 429
    assert SESSION_KEY not in same.session
    assert _login(other_account, "coordinator").status_code == 302
    assert _login(other_client, "operator").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_address_written_by_the_client_is_not_believed(operator):
    for attempt in range(5):
        _login(_through_proxy("203.0.113.7", forwarded=f"192.0.2.{attempt}"), "operator", "wrong-password")

    assert _login(_through_proxy("203.0.113.7", forwarded="192.0.2.200"), "operator").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(operator):
    for attempt in range(5):
        _login(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"), "operator", "wrong")

    assert _login(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99"), "operator").status_code == 429
    assert _login(Client(REMOTE_ADDR="203.0.113.8"), "operator").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_one_client_trying_many_accounts_is_stopped_at_the_per_address_ceiling(operator):
    for n in range(8):
        _login(_through_proxy("203.0.113.7"), f"nobody{n}", "wrong-password")

    stopped = _through_proxy("203.0.113.7")
    assert _login(stopped, "operator").status_code == 429
    assert SESSION_KEY not in stopped.session
    assert _login(_through_proxy("198.51.100.9"), "operator").status_code == 302
