"""Puts the current membership on the request and enforces a compulsory second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from abitare.accounts.permissions import membership_of
from abitare.accounts.selectors import user_requires_otp

# Pages a signed-in but not yet verified user may still reach.
OTP_EXEMPT_URL_NAMES = frozenset({"accounts:otp-verify", "accounts:otp-setup", "accounts:logout", "web:set-language"})


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = membership_of(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user: Any = request.user  # django-otp's middleware adds is_verified()
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in OTP_EXEMPT_URL_NAMES or request.path.startswith("/static/"):
            return None
        if getattr(match.func, "cls", None) is not None and not request.session.session_key:
            return None  # API tokens are service credentials an administrator issues; see docs/modules/accounts.md
        if user_requires_otp(user=user):
            return redirect(f"{reverse('accounts:otp-verify')}?next={request.get_full_path()}")
        return None
