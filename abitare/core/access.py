"""Declared access rules and the default-deny middleware.

Every view declares who may reach it with :func:`access`. A view without a declaration is
refused (403) and a test walks the URLconf to catch it before it ships. Role rules live in
``abitare.accounts.permissions``; this module only knows the protocol.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, runtime_checkable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ATTRIBUTE = "abitare_access"
# Third-party URL namespaces that enforce their own authentication.
SELF_PROTECTED_NAMESPACES = frozenset({"admin"})


@runtime_checkable
class AccessRule(Protocol):
    """One right: who may reach a view (``allows``) and whether it needs a login at all."""

    @property
    def name(self) -> str: ...

    @property
    def public(self) -> bool: ...

    def allows(self, request: Any) -> bool: ...


class _Public:
    name = "public"
    public = True

    def allows(self, request: Any) -> bool:
        return True

    def __repr__(self) -> str:
        return "PUBLIC"


class _Authenticated:
    name = "authenticated"
    public = False

    def allows(self, request: Any) -> bool:
        return bool(request.user.is_authenticated)

    def __repr__(self) -> str:
        return "AUTHENTICATED"


PUBLIC: AccessRule = _Public()
AUTHENTICATED: AccessRule = _Authenticated()

V = TypeVar("V", bound=Callable[..., Any])


def access(rule: AccessRule) -> Callable[[V], V]:
    """Declare the access rule of a function view, a class-based view or an API view."""

    def decorate(view: V) -> V:
        setattr(view, ATTRIBUTE, rule)
        return view

    return decorate


def rule_of(view_func: Callable[..., Any]) -> AccessRule | None:
    """The rule declared on a resolved view callable (function, CBV or DRF view), if any."""
    for candidate in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        rule = getattr(candidate, ATTRIBUTE, None)
        if rule is not None:
            return rule  # type: ignore[no-any-return]
    return None


def is_api_view(view_func: Callable[..., Any]) -> bool:
    return getattr(view_func, "cls", None) is not None


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


class AccessMiddleware:
    """Default deny: refuse any view without a declared rule, enforce the rule of page views.

    API views are enforced by ``abitare.core.api.DeclaredAccess`` after DRF has authenticated
    the request (a token is only known there); here they only need to declare a rule.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and SELF_PROTECTED_NAMESPACES.intersection(match.namespaces):
            return None
        rule = rule_of(view_func)
        if rule is None:
            logger.error("View %s declares no access rule: refused", getattr(view_func, "__qualname__", view_func))
            if is_api_request(request):
                return api_error(403, "no_access_rule", _("You do not have permission to perform this action."))
            raise PermissionDenied
        if is_api_view(view_func) or rule.allows(request):
            return None
        if not request.user.is_authenticated:
            if is_api_request(request):
                return api_error(401, "not_authenticated", _("Authentication credentials were not provided."))
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if is_api_request(request):
            return api_error(403, "permission_denied", _("You do not have permission to perform this action."))
        raise PermissionDenied
