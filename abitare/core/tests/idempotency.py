"""Checks every app's tests call: a form posted twice with its token, an API call sent twice with
its key, take effect once and answer the first result."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.test import Client
from django.utils.translation import gettext
from rest_framework.test import APIClient

from abitare.core.idempotency import FORM_FIELD


def token_of(page: Any) -> str:
    """The first form token on a page (``{% submission_token %}``)."""
    match = re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', page.content.decode())
    assert match is not None, "the form carries no submission token"
    return match.group(1)


def assert_form_posts_once(
    client: Client, *, page: str, data: dict[str, Any], count: Callable[[], int], action: str | None = None
) -> Any:
    """Open ``page``, post its form (to ``action``, else to the page) twice with the token the page
    gave: one effect, the second sent where the first went with "already recorded"."""
    token = token_of(client.get(page))
    before = count()

    first = client.post(action or page, {**data, FORM_FIELD: token})
    second = client.post(action or page, {**data, FORM_FIELD: token})

    assert first.status_code == 302, first.content.decode()[:3000]
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert count() == before + 1
    assert gettext("Already recorded.") in [str(message) for message in get_messages(second.wsgi_request)]
    return first


def assert_api_posts_once(
    user: Any, *, url: str, body: dict[str, Any], other_body: dict[str, Any], count: Callable[[], int]
) -> Any:
    """Send ``body`` twice with one ``Idempotency-Key``: one effect, the same status and body;
    the same key with ``other_body`` is a 422 and changes nothing."""
    client = APIClient()
    client.force_authenticate(user)
    key = str(uuid.uuid4())
    before = count()

    first = client.post(url, body, format="json", headers={"Idempotency-Key": key})
    second = client.post(url, body, format="json", headers={"Idempotency-Key": key})
    changed = client.post(url, other_body, format="json", headers={"Idempotency-Key": key})

    assert 200 <= first.status_code < 300, first.content.decode()[:3000]
    assert (second.status_code, second.json()) == (first.status_code, first.json())
    assert second["Idempotent-Replayed"] == "true"
    assert changed.status_code == 422
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert count() == before + 1
    return first
