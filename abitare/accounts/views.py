"""Sign-in, second factor, membership switcher, role policies, members and the access log."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from abitare.accounts import selectors, services
from abitare.accounts.forms import MembershipSwitchForm, OTPTokenForm, RolePolicyForm
from abitare.accounts.permissions import ADMINISTRATION, AUDIT, membership_of
from abitare.core.access import AUTHENTICATED, PUBLIC, access
from abitare.core.exceptions import DomainError, ValidationFailed
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


@access(PUBLIC)
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the user's authenticator app."""
    user: Any = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:otp-setup')}?next={_safe_next(request, '')}")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return HttpResponseRedirect(_safe_next(request, reverse("web:worklist")))
        form.add_error("token", _("The code is not valid or has expired. Try the current one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app (TOTP) with the account; the pairing is confirmed by one code."""
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return HttpResponseRedirect(_safe_next(request, reverse("web:worklist")))
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": secret,
            "next": _safe_next(request, ""),
            "required": selectors.user_role_requires_otp(user=user),
        },
    )


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
@require_http_methods(["GET", "POST"])
def role_policy_edit(request: HttpRequest) -> HttpResponse:
    """Administrators choose which roles must use a second factor."""
    current = selectors.roles_requiring_otp()
    form = RolePolicyForm(request.POST or None, initial_roles=current)
    if request.method == "POST" and form.is_valid():
        for role, required in form.cleaned_data.items():
            services.role_policy_set(actor=request.user, role=role, require_otp=bool(required))  # type: ignore[arg-type]
        messages.success(request, _("Security policy saved."))
        return redirect("accounts:role-policy")
    return render(request, "accounts/role_policy.html", {"form": form})


@access(ADMINISTRATION)
def member_list(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list(membership=membership_of(request))
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/member_list.html", {"page": page})


@access(AUDIT)
def access_log(request: HttpRequest) -> HttpResponse:
    """Auditor-only search of who read which personal record, when and where."""
    errors: dict[str, list[str]] = {}
    try:
        filters = AccessLogFilters.from_query(request.GET)
    except ValidationFailed as error:
        errors = error.field_errors()
        filters = AccessLogFilters()
    page = Paginator(access_log_search(filters=filters), 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "query": request.GET,
        "record_types": access_log_record_types(),
        "errors": errors,
    }
    return render(request, "accounts/access_log.html", context, status=400 if errors else 200)
