"""The client's address behind trusted proxies, and rate-limit counters kept in the shared cache."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from abitare.core.throttle import client_address, throttle_exceeded, throttle_hit

SHARED_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "abitare_test_throttle"}
}


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1", "203.0.113.7"),
        (1, "10.0.0.1", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.1", "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.2", "192.0.2.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "10.0.0.2", "203.0.113.7", "10.0.0.2"),
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_counts_trusted_proxies_from_the_right(count, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(_request(remote, forwarded)) == expected


def test_a_counter_allows_the_limit_and_refuses_the_next():
    hits = [throttle_hit("test", "203.0.113.7", limit=3, window=600) for _n in range(4)]

    assert hits == [False, False, False, True]
    assert throttle_exceeded("test", "203.0.113.7", limit=3, window=600) is True
    assert throttle_hit("test", "198.51.100.9", limit=3, window=600) is False


@pytest.mark.django_db
def test_two_cache_clients_share_one_count():
    with override_settings(CACHES=SHARED_CACHE):
        call_command("createcachetable", verbosity=0)
        first, second = caches.create_connection("default"), caches.create_connection("default")
        assert first is not second

        hits = [
            throttle_hit("test", "203.0.113.7", limit=3, window=600, cache=c) for c in (first, second, first, second)
        ]

        assert hits == [False, False, False, True]
        assert throttle_exceeded("test", "203.0.113.7", limit=3, window=600, cache=second) is True
