"""The public sign-up limit counts each client behind a reverse proxy, in the shared cache."""

from __future__ import annotations

from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, override_settings

from abitare.labs.models import Registration
from abitare.labs.tests.test_public_views import sign_up_data, sign_up_url
from abitare.labs.views.common import RATE_LIMIT


def _through_proxy(address: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_each_client_not_the_proxy(activity):
    accepted = [
        _through_proxy(f"203.0.113.{n}").post(sign_up_url(activity), sign_up_data(email=f"p{n}@example.test"))
        for n in range(RATE_LIMIT + 1)
    ]
    for n in range(RATE_LIMIT):
        _through_proxy("198.51.100.9").post(sign_up_url(activity), sign_up_data(email=f"q{n}@example.test"))

    refused = _through_proxy("198.51.100.9").post(sign_up_url(activity), sign_up_data(email="late@example.test"))

    assert [response.status_code for response in accepted] == [302] * (RATE_LIMIT + 1)
    assert refused.status_code == 429
    assert not Registration.objects.filter(email="late@example.test").exists()


def test_the_limit_holds_when_each_request_uses_a_new_cache_client(activity):
    shared = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "abitare_test_labs"}}
    with override_settings(CACHES=shared):
        call_command("createcachetable", verbosity=0)
        statuses = []
        for n in range(RATE_LIMIT + 1):
            del caches["default"]  # as if another server process answered
            response = Client().post(sign_up_url(activity), sign_up_data(email=f"p{n}@example.test"))
            statuses.append(response.status_code)

    assert statuses == [302] * RATE_LIMIT + [429]
    assert Registration.objects.count() == RATE_LIMIT
