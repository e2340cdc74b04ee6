"""Administrators manage the people of their organisation: invitations, memberships, deactivation,
unlocking after a lock-out and a forced password change.

The administrator's scope is their organisation and the territory subtree of their membership in
force (ADR 0006): nothing outside it is granted, changed or reached, and the last administrator in
force of an organisation is never removed. ``actor=None`` is the server operator at the command
line (``abitare invite-user`` without ``--as``), bound by no scope. Every change is a security
event, which the auditor reads.
"""

from __future__ import annotations

import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abitare.accounts import selectors
from abitare.accounts.models import Membership, Organisation, Role, SecurityEvent, Territory, User
from abitare.accounts.services import membership_grant, security_event_record
from abitare.core.exceptions import DomainError, NotAllowed
from abitare.core.roles import has_role

OUTSIDE_SCOPE = _("You can only grant memberships of your own organisation within your territory.")
NOT_IN_SCOPE = _("This person is not a member of your organisation in your territory.")
LAST_ADMINISTRATOR = _(
    "This is the last administrator in force of the organisation: appoint another one before removing this one."
)


def _check_administrator(actor: Membership | None) -> None:
    if actor is not None and not has_role(actor, {Role.ADMINISTRATOR}):
        raise NotAllowed(_("Only an administrator manages the users of an organisation."))


def in_scope(actor: Membership | None, *, organisation: Organisation, territory: Territory) -> bool:
    """The organisation is the administrator's own and the territory lies within theirs."""
    if actor is None:
        return True
    return organisation.pk == actor.organisation_id and territory.path.startswith(actor.territory.path)


def _check_member(actor: Membership | None, user: User) -> None:
    if actor is not None and not selectors.user_in_scope(actor=actor, user=user):
        raise NotAllowed(NOT_IN_SCOPE)


def _check_dates(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise DomainError(_("The end date comes before the start date."), field="end_date")


def _administrators_left(organisation_id: int, *, without: Q) -> bool:
    """Whether an administrator in force (on an active account) remains once ``without`` is gone."""
    remaining = Membership.objects.filter(
        selectors.in_force(), organisation_id=organisation_id, role=Role.ADMINISTRATOR, user__is_active=True
    ).exclude(without)
    return remaining.exists()


def _label(membership: Membership) -> str:
    return str(membership)[:100]


def _invitation_link(user: User, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", args=[uid, token])
    return f"{site_url.rstrip('/')}{path}"


def _send_invitation(user: User, organisation: Organisation, site_url: str) -> None:
    context = {
        "user": user,
        "organisation": organisation,
        "link": _invitation_link(user, site_url),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    body = render_to_string("accounts/invitation_email.txt", context)
    title = gettext("Abitare: your account at %(organisation)s") % {"organisation": organisation}
    address = user.email
    transaction.on_commit(lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [address]))


@transaction.atomic
def membership_create(
    *,
    actor: Membership | None,
    user: User,
    organisation: Organisation,
    territory: Territory,
    role: str,
    sensitive_data: bool = False,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Membership:
    """Give a person a role: only in the administrator's organisation and territory subtree (any
    role there). Recorded as a security event."""
    _check_administrator(actor)
    if not in_scope(actor, organisation=organisation, territory=territory):
        raise NotAllowed(OUTSIDE_SCOPE, field="territory")
    _check_dates(start_date, end_date)
    if Membership.objects.filter(user=user, organisation=organisation, territory=territory, role=role).exists():
        raise DomainError(_("This person already has this role here: edit that membership."), field="role")
    membership = membership_grant(
        user=user, organisation=organisation, territory=territory, role=role, sensitive_data=sensitive_data
    )
    membership.start_date, membership.end_date = start_date, end_date
    membership.save(update_fields=["start_date", "end_date", "updated_at"])
    security_event_record(
        kind=SecurityEvent.Kind.MEMBERSHIP_GRANTED,
        by=actor.user if actor else None,
        actor=actor,
        subject=user,
        detail=_label(membership),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Membership | None,
    membership: Membership,
    territory: Territory,
    role: str,
    sensitive_data: bool,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> Membership:
    """Change a membership's territory, role, sensitive-data flag or dates, within the
    administrator's scope; the last administrator in force is never demoted or ended."""
    _check_administrator(actor)
    organisation = membership.organisation
    if not in_scope(actor, organisation=organisation, territory=membership.territory):
        raise NotAllowed(NOT_IN_SCOPE)
    if not in_scope(actor, organisation=organisation, territory=territory):
        raise NotAllowed(OUTSIDE_SCOPE, field="territory")
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    _check_dates(start_date, end_date)
    today = timezone.localdate()
    stays_administrator = role == Role.ADMINISTRATOR and (end_date is None or end_date >= today)
    if (
        membership.role == Role.ADMINISTRATOR
        and not stays_administrator
        and not _administrators_left(organisation.pk, without=Q(pk=membership.pk))
    ):
        raise DomainError(LAST_ADMINISTRATOR, field="role")
    if not organisation.territories.filter(pk__in=territory.ancestor_ids()).exists():
        raise DomainError(_("The organisation does not work in this territory."), field="territory")
    clash = Membership.objects.filter(user_id=membership.user_id, organisation=organisation, territory=territory)
    if clash.filter(role=role).exclude(pk=membership.pk).exists():
        raise DomainError(_("This person already has this role here: edit that membership."), field="role")
    membership.territory, membership.role, membership.sensitive_data = territory, role, sensitive_data
    membership.start_date, membership.end_date = start_date, end_date
    membership.save()
    security_event_record(
        kind=SecurityEvent.Kind.MEMBERSHIP_CHANGED,
        by=actor.user if actor else None,
        actor=actor,
        subject=membership.user,
        detail=_label(membership),
    )
    return membership


@transaction.atomic
def member_invite(
    *,
    actor: Membership | None,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    territory: Territory,
    role: str,
    sensitive_data: bool = False,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    site_url: str,
) -> User:
    """Invite a person by e-mail: a new account without a password gets a one-time link to set one
    (Django's password-reset token, spent once the password is set); a person who already has an
    account is given the membership, and one who never chose a password gets a new link.
    Recorded as security events."""
    _check_administrator(actor)
    if not in_scope(actor, organisation=organisation, territory=territory):
        raise NotAllowed(OUTSIDE_SCOPE, field="territory")
    address = User.objects.normalize_email(email).strip()
    existing = list(User.objects.filter(email__iexact=address)[:2])
    if len(existing) > 1:
        raise DomainError(_("Several accounts have this e-mail address: ask the server operator."), field="email")
    user = existing[0] if existing else None
    if user is None:
        if User.objects.filter(username__iexact=address).exists():
            raise DomainError(_("An account with this username already exists."), field="email")
        user = User(username=address, email=address, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    pending = not user.has_usable_password()
    granted = Membership.objects.filter(user=user, organisation=organisation, territory=territory, role=role)
    # Inviting again someone who never chose a password sends a new link (theirs may have expired).
    if not (pending and granted.exists()):
        membership_create(
            actor=actor,
            user=user,
            organisation=organisation,
            territory=territory,
            role=role,
            sensitive_data=sensitive_data,
            start_date=start_date,
            end_date=end_date,
        )
    if pending:
        _send_invitation(user, organisation, site_url)
        security_event_record(
            kind=SecurityEvent.Kind.USER_INVITED, by=actor.user if actor else None, actor=actor, subject=user
        )
    return user


@transaction.atomic
def member_deactivate(*, actor: Membership | None, user: User) -> User:
    """End the person's work in the administrator's scope: their memberships there are switched
    off, and the account too when no membership is left in force elsewhere (they can no longer
    sign in). Never one's own account, never the last administrator in force."""
    _check_administrator(actor)
    _check_member(actor, user)
    if actor is not None and user.pk == actor.user_id:
        raise NotAllowed(_("You cannot deactivate your own account."))
    mine = selectors.member_list(actor=actor) if actor else Membership.objects.all()
    memberships = mine.filter(user=user, is_active=True)
    for organisation_id in set(memberships.filter(role=Role.ADMINISTRATOR).values_list("organisation_id", flat=True)):
        if not _administrators_left(organisation_id, without=Q(user=user)):
            raise DomainError(LAST_ADMINISTRATOR)
    memberships.update(is_active=False)
    if not selectors.memberships_active(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_DEACTIVATED, by=actor.user if actor else None, actor=actor, subject=user
    )
    return user


@transaction.atomic
def member_reactivate(*, actor: Membership | None, user: User) -> User:
    """Switch the account and the person's memberships in the administrator's scope back on."""
    _check_administrator(actor)
    _check_member(actor, user)
    mine = selectors.member_list(actor=actor) if actor else Membership.objects.all()
    mine.filter(user=user, is_active=False).update(is_active=True)
    user.is_active = True
    user.save(update_fields=["is_active"])
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_REACTIVATED, by=actor.user if actor else None, actor=actor, subject=user
    )
    return user


@transaction.atomic
def member_unlock(*, actor: Membership | None, user: User) -> int:
    """Lift a lock-out after too many failed sign-ins (django-axes' reset for the username);
    returns how many lock-out records were cleared."""
    _check_administrator(actor)
    _check_member(actor, user)
    cleared = int(axes_reset(username=user.get_username()) or 0)
    if not cleared:
        raise DomainError(_("This account is not locked out."))
    security_event_record(
        kind=SecurityEvent.Kind.ACCOUNT_UNLOCKED, by=actor.user if actor else None, actor=actor, subject=user
    )
    return cleared


@transaction.atomic
def member_password_change_force(*, actor: Membership | None, user: User) -> User:
    """At their next page the person must choose a new password before working."""
    _check_administrator(actor)
    _check_member(actor, user)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_CHANGE_FORCED, by=actor.user if actor else None, actor=actor, subject=user
    )
    return user


def password_changed(*, user: User) -> None:
    """The person chose a new password: a change the administrator asked for is done."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
