"""Walk every URL as a user who signed in with the password only and must confirm a code: only the
exempt pages answer, every other page sends them to the code step (the REST API refuses with 403)."""

from __future__ import annotations

import pytest

from abitare.accounts.middleware import OTP_EXEMPT_URL_NAMES
from abitare.accounts.tests.otp import device_for, password_client
from abitare.core.access import is_api_view
from abitare.web.tests.test_url_access import ROUTES

GUARDED = [route for route in ROUTES if route.name not in OTP_EXEMPT_URL_NAMES]


def test_every_exempt_name_is_a_real_url():
    assert {route.name for route in ROUTES} >= OTP_EXEMPT_URL_NAMES


@pytest.fixture
def unverified(operator):
    device_for(operator)
    return password_client("operator")


@pytest.mark.parametrize("route", GUARDED, ids=[route.name for route in GUARDED])
def test_an_unverified_session_reaches_no_other_page(route, unverified):
    for method in ("get", "post"):
        response = getattr(unverified, method)(route.url)
        if is_api_view(route.callback):
            assert response.status_code == 403, (route.name, method, response.status_code)
            assert response.json()["error"]["code"] == "otp_required", route.name
        else:
            assert response.status_code == 302, (route.name, method, response.status_code)
            assert response["Location"].startswith("/accounts/otp/?next="), (route.name, response["Location"])
