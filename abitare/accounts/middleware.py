"""Puts the current membership on the request and enforces a compulsory second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from abitare.accounts.permissions import membership_of
from abitare.accounts.selectors import user_must_verify
from abitare.core.access import api_error, is_api_view

# The only pages a signed-in but not yet verified user may reach, by the exact name of their
# URL. Each one guards itself: the setup page refuses an account that already has a second
# factor, the code pages only verify. Nothing else is exempt (tested by walking every URL).
OTP_EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:otp-verify",
        "accounts:otp-recover",
        "accounts:otp-setup",
        "accounts:logout",
        "web:set-language",
    }
)


# Pages a user who must change their password may still reach.
PASSWORD_CHANGE_EXEMPT_URL_NAMES = OTP_EXEMPT_URL_NAMES | {
    "accounts:password-change",
    "accounts:password-change-done",
}


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = membership_of(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        # A request authenticated by an API token is anonymous here (DRF authenticates it later):
        # a token is only issued from a verified session or by the server operator.
        user: Any = request.user  # django-otp's middleware adds is_verified()
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if user.is_verified() or (match is not None and match.view_name in OTP_EXEMPT_URL_NAMES):
            return self._password_change(request, user, view_func)
        if not user_must_verify(user=user, actor=membership_of(request)):
            return self._password_change(request, user, view_func)
        if is_api_view(view_func):
            return api_error(403, "otp_required", _("Confirm your sign-in with a second factor first."))
        return redirect(f"{reverse('accounts:otp-verify')}?{urlencode({'next': request.get_full_path()})}")

    def _password_change(
        self, request: HttpRequest, user: Any, view_func: Callable[..., HttpResponse]
    ) -> HttpResponse | None:
        """An administrator asked this user to choose a new password: nothing else until they do."""
        if not getattr(user, "must_change_password", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in PASSWORD_CHANGE_EXEMPT_URL_NAMES:
            return None
        if is_api_view(view_func):
            return api_error(403, "password_change_required", _("Choose a new password first."))
        return redirect("accounts:password-change")
