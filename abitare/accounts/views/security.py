"""Second factor, recovery codes, API tokens, the security policy and the security events.

The rules live in the services; these pages pass them whether the session was verified with a
second factor (``request.user.is_verified()``, set by django-otp), which only the request knows.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from abitare.accounts import selectors, services
from abitare.accounts.forms import OTPTokenForm, RecoveryCodeForm, RolePolicyForm
from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import User
from abitare.accounts.permissions import ADMINISTRATION, AUDIT, membership_of
from abitare.accounts.views import _safe_next
from abitare.core.access import AUTHENTICATED, access
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error

# Session keys of secrets shown once, on the next page, then forgotten.
NEW_RECOVERY_CODES = "abitare_new_recovery_codes"
NEW_API_KEY = "abitare_new_api_token"
PENDING_DEVICE = "abitare_pending_totp_device"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _verified(request: HttpRequest) -> bool:
    user: Any = request.user  # django-otp's middleware adds is_verified()
    return bool(user.is_verified())


def _grouped(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# Signing in: the code step ---------------------------------------------------------------------


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the user's authenticator app."""
    user = _user(request)
    if not user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:otp-setup')}?next={_safe_next(request, '')}")
    form = OTPTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return HttpResponseRedirect(_safe_next(request, reverse("web:worklist")))
        form.add_error("token", _("The code is not valid or has expired. Try the current one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")})


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def otp_recover(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in with a recovery code instead of the app (a lost or broken phone)."""
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_recover(
                user=_user(request), code=form.cleaned_data["code"], membership=membership_of(request)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            otp_login(request, device)
            left = device.token_set.count()
            messages.warning(
                request,
                _(
                    "You signed in with a recovery code: %(left)s left. If you lost your phone, set up "
                    "the authenticator app again from your account security page."
                )
                % {"left": left},
            )
            return HttpResponseRedirect(_safe_next(request, reverse("accounts:account-security")))
    status = 400 if form.errors else 200
    return render(request, "accounts/otp_recover.html", {"form": form, "next": _safe_next(request, "")}, status=status)


# Setting up the authenticator app and the recovery codes ---------------------------------------


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app (TOTP) with the account, confirmed by one of its codes.

    Reachable before the code step (a first app is set up right after the password), so an
    account that already has a second factor is sent to the code step first: replacing an app
    needs a session verified with the current one or a recovery code.
    """
    user = _user(request)
    verified = _verified(request)
    if user_has_device(user, confirmed=True) and not verified:
        messages.info(
            request,
            _(
                "Your account already has a second factor: confirm your sign-in with its code or a recovery "
                "code, then you can replace it. If you have neither, ask an administrator to reset it."
            ),
        )
        return redirect(f"{reverse('accounts:otp-verify')}?next={reverse('accounts:otp-setup')}")
    # The pairing belongs to this session: another session of the account never sees its key.
    device = TOTPDevice.objects.filter(pk=request.session.get(PENDING_DEVICE), user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        request.session[PENDING_DEVICE] = device.pk
    form = OTPTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_enrol(
                user=user,
                device=device,
                token=form.cleaned_data["token"],
                verified=verified,
                membership=membership_of(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session.pop(PENDING_DEVICE, None)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            target = _safe_next(request, reverse("web:worklist"))
            if codes:
                request.session[NEW_RECOVERY_CODES] = codes
                return redirect(f"{reverse('accounts:recovery-codes')}?next={target}")
            return HttpResponseRedirect(target)
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "next": _safe_next(request, ""),
        "required": selectors.membership_requires_otp(actor=membership_of(request)),
        "replacing": user_has_device(user, confirmed=True),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


@access(AUTHENTICATED)
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown here once; a verified session may generate a new set."""
    user = _user(request)
    if request.method == "POST":
        try:
            codes = services.recovery_codes_generate(
                user=user, verified=_verified(request), membership=membership_of(request)
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("accounts:account-security")
        request.session[NEW_RECOVERY_CODES] = codes
        return redirect("accounts:recovery-codes")
    codes = request.session.pop(NEW_RECOVERY_CODES, None) or []
    context = {
        "codes": [_grouped(code) for code in codes],
        "status": selectors.second_factor_status(user=user),
        "verified": _verified(request),
        "next": _safe_next(request, reverse("accounts:account-security")),
    }
    return render(request, "accounts/recovery_codes.html", context)


# The account's own security page: second factor, recovery codes, API token ---------------------


@access(AUTHENTICATED)
def account_security(request: HttpRequest) -> HttpResponse:
    """What protects the account, and the owner's API token (created here, shown once)."""
    user = _user(request)
    context = {
        "status": selectors.second_factor_status(user=user),
        "verified": _verified(request),
        "new_token": request.session.pop(NEW_API_KEY, None),
    }
    return render(request, "accounts/account_security.html", context)


@access(AUTHENTICATED)
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    try:
        token = services.api_token_create(
            user=_user(request), verified=_verified(request), membership=membership_of(request)
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        request.session[NEW_API_KEY] = token.key
    return redirect("accounts:account-security")


@access(AUTHENTICATED)
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    try:
        services.api_token_revoke(user=_user(request), membership=membership_of(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("API token revoked: calls made with it are refused from now on."))
    return redirect("accounts:account-security")


# Administrators: the organisation's policy and its members' second factor and tokens ----------


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def role_policy_edit(request: MemberRequest) -> HttpResponse:
    """Administrators choose which roles of their own organisation must use a second factor."""
    rows = selectors.role_policies(actor=request.membership)
    form = RolePolicyForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        required = {row.role for row in rows if form.cleaned_data[row.role]}
        try:
            services.role_policies_set(actor=request.membership, required=required, verified=_verified(request))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Security policy saved."))
            return redirect("accounts:role-policy")
    context = {"form": form, "organisation": request.membership.organisation}
    return render(request, "accounts/role_policy.html", context, status=400 if form.errors else 200)


class SecondFactorResetForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked who is asking, in person or by a phone call to a known number."),
        required=True,
    )


@access(ADMINISTRATION)
@membership_required
def member_detail(request: MemberRequest, user_id: int) -> HttpResponse:
    """One member: memberships in the administrator's scope, second factor and API token."""
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    memberships = selectors.member_list(actor=request.membership).filter(user=member)
    context = {
        "member": member,
        "memberships": memberships,
        "active_here": any(membership.is_active for membership in memberships),
        "locked": selectors.account_locked_out(user=member),
        "status": selectors.second_factor_status(user=member),
        "reset_form": SecondFactorResetForm(),
        "own": member.pk == request.user.pk,
    }
    return render(request, "accounts/member_detail.html", context)


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_second_factor_reset(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    form = SecondFactorResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm you checked who is asking."))
        return redirect("accounts:member-detail", member.pk)
    try:
        services.second_factor_reset(actor=request.membership, user=member, verified=_verified(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Second factor reset: %(name)s sets up a new authenticator app at the next sign-in.") % {"name": member},
        )
    return redirect("accounts:member-detail", member.pk)


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_token_revoke(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    try:
        services.api_token_revoke_for(actor=request.membership, user=member)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("API token of %(name)s revoked.") % {"name": member})
    return redirect(_safe_next(request, reverse("accounts:member-detail", args=[member.pk])))


@access(ADMINISTRATION)
@membership_required
def token_list(request: MemberRequest) -> HttpResponse:
    """API tokens of the members of the administrator's organisation and territory."""
    page = Paginator(selectors.api_token_list(actor=request.membership), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/token_list.html", {"page": page})


# Auditors --------------------------------------------------------------------------------------


@access(AUDIT)
@membership_required
def security_event_list(request: MemberRequest) -> HttpResponse:
    """Second factors set up, replaced and reset, recovery codes, API tokens and policy changes."""
    events = selectors.security_event_list(actor=request.membership)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/security_events.html", {"page": page})
