"""Sign-in, password change and reset, membership switcher, members and the access log.

The second factor, recovery codes, API tokens and the security policy are in ``security.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abitare.accounts import selectors, services
from abitare.accounts.forms import MembershipSwitchForm
from abitare.accounts.http import actor_of
from abitare.accounts.permissions import ADMINISTRATION, AUDIT, membership_of
from abitare.accounts.services import members
from abitare.core.access import AUTHENTICATED, PUBLIC, access
from abitare.core.exceptions import DomainError, ValidationFailed
from abitare.core.exports import export_response, requested_format
from abitare.core.selectors import AccessLogFilters, access_log_record_types, access_log_search
from abitare.core.throttle import client_address, throttle_exceeded, throttle_hit


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 60 * 60)


def _lockout(request: HttpRequest) -> HttpResponse:
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_time": settings.AXES_COOLOFF_TIME}, status=429)


@access(PUBLIC)
class LoginView(auth_views.LoginView):
    """Sign-in. django-axes locks one account out from one address after a few failures; here one
    address is stopped after many failures across accounts (``LOGIN_ADDRESS_FAILURE_LIMIT``)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        if throttle_exceeded("sign-in-failures", client_address(request), limit=limit, window=_cool_off_seconds()):
            return _lockout(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        throttle_hit(
            "sign-in-failures",
            client_address(self.request),
            limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            window=_cool_off_seconds(),
        )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


@access(PUBLIC)
class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@access(AUTHENTICATED)
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        members.password_changed(user=form.user)
        return response


@access(AUTHENTICATED)
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# Password-reset e-mails one client address may ask for in PASSWORD_RESET_WINDOW seconds.
PASSWORD_RESET_LIMIT = 10
PASSWORD_RESET_WINDOW = 60 * 60


@access(PUBLIC)
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        address = client_address(request)
        if throttle_hit("password-reset", address, limit=PASSWORD_RESET_LIMIT, window=PASSWORD_RESET_WINDOW):
            message = _("Too many requests from your connection. Try again in a few minutes.")
            return render(request, "web/error.html", {"status": 429, "message": message}, status=429)
        return super().post(request, *args, **kwargs)


@access(PUBLIC)
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@access(PUBLIC)
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        members.password_changed(user=form.user)
        return response


@access(PUBLIC)
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@access(AUTHENTICATED)
@require_POST
def membership_switch(request: HttpRequest) -> HttpResponse:
    """Switch the organisation/territory/role the user works under (header switcher)."""
    user: Any = request.user
    form = MembershipSwitchForm(request.POST)
    if not form.is_valid():
        return render(request, "web/error.html", {"status": 400, "message": _("Invalid request.")}, status=400)
    try:
        membership = services.membership_switch(
            session=request.session,
            user=user,
            membership_id=form.cleaned_data["membership"],
        )
    except DomainError as error:
        return render(request, "web/error.html", {"status": 404, "message": error.message}, status=404)
    messages.info(request, _("You are now working as: %(membership)s") % {"membership": membership})
    return HttpResponseRedirect(_safe_next(request, reverse("web:worklist")))


@access(ADMINISTRATION)
def member_list(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list(actor=membership_of(request))
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    user_ids = [membership.user_id for membership in page]
    context = {
        "page": page,
        "with_second_factor": selectors.users_with_second_factor(user_ids=user_ids),
        "with_token": selectors.users_with_token(user_ids=user_ids),
    }
    return render(request, "accounts/member_list.html", context)


@access(AUDIT)
def access_log(request: HttpRequest) -> HttpResponse:
    """Auditor-only search of who read which personal record, when and where, within the
    auditor's organisation and territory."""
    if requested_format(request):
        return export_response(request, "accounts.access_log", actor=actor_of(request))
    errors: dict[str, list[str]] = {}
    try:
        filters = AccessLogFilters.from_query(request.GET)
    except ValidationFailed as error:
        errors = error.field_errors()
        filters = AccessLogFilters()
    actor = actor_of(request)
    page = Paginator(access_log_search(actor=actor, filters=filters), 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "actor": actor,
        "page": page,
        "query": request.GET,
        "record_types": access_log_record_types(actor=actor),
        "errors": errors,
    }
    return render(request, "accounts/access_log.html", context, status=400 if errors else 200)
