"""OpenID Connect sign-in (SPID/CIE gateways speak it), switched on by configuration only.

Only users who already exist (matched by e-mail) and hold an active membership may sign in:
an identity provider proves who someone is, never what they may do here.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from abitare.core.access import PUBLIC, access


class MembershipOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            email__iexact=email, is_active=True, memberships__is_active=True
        ).distinct()


@access(PUBLIC)
class OIDCStart(OIDCAuthenticationRequestView):
    """Sends the user to the identity provider (a public page, as the login is)."""


@access(PUBLIC)
class OIDCCallback(OIDCAuthenticationCallbackView):
    """Receives the identity provider's answer and signs in an existing member."""


oidc_urlpatterns = [
    path("authenticate/", OIDCStart.as_view(), name="oidc_authentication_init"),
    path("callback/", OIDCCallback.as_view(), name="oidc_authentication_callback"),
]
