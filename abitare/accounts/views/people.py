"""Administrators manage the people of their organisation: invitation, memberships, deactivation,
unlocking, a forced password change (the rules and the scope are in ``services.members``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts import selectors
from abitare.accounts.forms import InviteForm, MembershipForm
from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import Membership, User
from abitare.accounts.permissions import ADMINISTRATION
from abitare.accounts.services import members
from abitare.core.access import access
from abitare.core.pages import act, form_page


def _members() -> tuple[str, str]:
    return (_("Users"), reverse("accounts:member-list"))


def _member_url(user_id: int) -> str:
    return reverse("accounts:member-detail", args=[user_id])


def _site_url(request: MemberRequest) -> str:
    return request.build_absolute_uri("/")


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def member_invite(request: MemberRequest) -> HttpResponse:
    """Invite a person by e-mail with their first membership; they set their password from a
    one-time link."""
    form = InviteForm(request.POST or None, actor=request.membership)

    def save(data: dict[str, Any]) -> User:
        return members.member_invite(actor=request.membership, site_url=_site_url(request), **data)

    return form_page(
        request,
        form,
        heading=_("Invite a user"),
        intro=_(
            "The person receives an e-mail with a link to choose their password; the link works once. "
            "Someone who already has an account is given the membership."
        ),
        trail=[_members()],
        save=save,
        done=lambda user: _member_url(user.pk) if user else reverse("accounts:member-list"),
        success=lambda user: _("Invitation sent to %(email)s.") % {"email": user.email},
        submit_label=_("Send the invitation"),
    )


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def membership_create(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    form = MembershipForm(request.POST or None, actor=request.membership)

    def save(data: dict[str, Any]) -> Membership:
        return members.membership_create(actor=request.membership, user=member, **data)

    return form_page(
        request,
        form,
        heading=_("New membership for %(name)s") % {"name": member},
        trail=[_members(), (str(member), _member_url(member.pk))],
        save=save,
        done=_member_url(member.pk),
        success=_("Membership granted."),
    )


@access(ADMINISTRATION)
@require_http_methods(["GET", "POST"])
@membership_required
def membership_edit(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.membership, membership_id=membership_id)
    initial = {
        "territory": membership.territory_id,
        "role": membership.role,
        "sensitive_data": membership.sensitive_data,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
    }
    form = MembershipForm(request.POST or None, initial=initial, actor=request.membership, editing=True)

    def save(data: dict[str, Any]) -> Membership:
        return members.membership_update(actor=request.membership, membership=membership, **data)

    return form_page(
        request,
        form,
        heading=_("Edit the membership of %(name)s") % {"name": membership.user},
        intro=_("To end a membership, give its last day in “Until”."),
        trail=[_members(), (str(membership.user), _member_url(membership.user_id))],
        save=save,
        done=_member_url(membership.user_id),
        success=_("Membership saved."),
    )


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_deactivate(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    return act(
        request,
        lambda: members.member_deactivate(actor=request.membership, user=member),
        done=_member_url(member.pk),
        success=_("%(name)s deactivated.") % {"name": member},
    )


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_reactivate(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    return act(
        request,
        lambda: members.member_reactivate(actor=request.membership, user=member),
        done=_member_url(member.pk),
        success=_("%(name)s reactivated.") % {"name": member},
    )


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_unlock(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    return act(
        request,
        lambda: members.member_unlock(actor=request.membership, user=member),
        done=_member_url(member.pk),
        success=_("%(name)s can sign in again.") % {"name": member},
    )


@access(ADMINISTRATION)
@require_POST
@membership_required
def member_password_change_force(request: MemberRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(actor=request.membership, user_id=user_id)
    return act(
        request,
        lambda: members.member_password_change_force(actor=request.membership, user=member),
        done=_member_url(member.pk),
        success=_("%(name)s must choose a new password at the next page they open.") % {"name": member},
    )
