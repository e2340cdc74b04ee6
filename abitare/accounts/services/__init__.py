"""Writes for territories, organisations, users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from abitare.accounts import istat, selectors
from abitare.accounts.models import Membership, Organisation, Role, RolePolicy, SecurityEvent, Territory, User
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.roles import has_role

UNKNOWN_ISTAT_CODE = _("This ISTAT code is not in the official list of Italian municipalities.")


@transaction.atomic
def territory_create(*, name: str, kind: str, parent: Territory | None = None, istat_code: str = "") -> Territory:
    """Add a node to the territory tree; the parent's kind must fit (district > municipality > neighbourhood)."""
    allowed_parent_kinds = Territory.PARENT_KINDS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed_parent_kinds:
        raise DomainError(_("A territory of this kind cannot be placed under that parent."), field="parent")
    if istat_code and kind != Territory.Kind.MUNICIPALITY:
        raise DomainError(_("Only municipalities have an ISTAT code."), field="istat_code")
    if istat_code and istat.municipality_get(istat_code) is None:
        raise DomainError(UNKNOWN_ISTAT_CODE, field="istat_code")
    territory = Territory(name=name, kind=kind, parent=parent, istat_code=istat_code, path="")
    territory.full_clean(exclude=["path"])
    territory.save()
    territory.path = f"{parent.path if parent else '/'}{territory.pk}/"
    territory.save(update_fields=["path"])
    return territory


def territory_get_or_create(
    *, name: str, kind: str, parent: Territory | None = None, istat_code: str = ""
) -> Territory:
    existing = Territory.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        return existing
    return territory_create(name=name, kind=kind, parent=parent, istat_code=istat_code)


@transaction.atomic
def organisation_create(*, name: str, kind: str, territories: Iterable[Territory], tax_code: str = "") -> Organisation:
    organisation = Organisation(name=name, kind=kind, tax_code=tax_code)
    organisation.full_clean()
    organisation.save()
    organisation.territories.set(list(territories))
    return organisation


@transaction.atomic
def user_create(*, username: str, email: str, password: str | None, first_name: str = "", last_name: str = "") -> User:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    territory: Territory,
    role: str,
    sensitive_data: bool = False,
) -> Membership:
    """Give a user a role in an organisation for a territory the organisation works in."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    organisation_paths = [t.path for t in organisation.territories.all()]
    if not any(territory.path.startswith(path) for path in organisation_paths):
        raise DomainError(_("The organisation does not work in this territory."), field="territory")
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        territory=territory,
        role=role,
        defaults={"sensitive_data": sensitive_data, "is_active": True},
    )
    return membership


def membership_switch(*, session: Any, user: User, membership_id: int) -> Membership:
    """Make one of the user's own active memberships the current one; any other id is refused."""
    membership = selectors.memberships_active(user=user).filter(pk=membership_id).first()
    if membership is None:
        raise NotAllowed(_("You have no such membership."), field="membership")
    session["membership_id"] = membership.pk
    return membership


# Events the account's owner is told about by e-mail, so a change they did not make does not go unseen.
NOTIFIED_EVENTS = frozenset(
    {
        SecurityEvent.Kind.DEVICE_ENROLLED,
        SecurityEvent.Kind.DEVICE_REPLACED,
        SecurityEvent.Kind.RECOVERY_CODE_USED,
        SecurityEvent.Kind.SECOND_FACTOR_RESET,
        SecurityEvent.Kind.TOKEN_CREATED,
        SecurityEvent.Kind.TOKEN_REVOKED,
    }
)


def _notify_owner(event: SecurityEvent, subject: User) -> None:
    body = render_to_string("accounts/security_event_email.txt", {"event": event, "user": subject})
    title = gettext("Abitare: %(event)s") % {"event": event.get_kind_display()}
    address = subject.email
    transaction.on_commit(lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [address]))


def _security_event(
    *, kind: str, by: User | None, actor: Membership | None, subject: User | None, detail: str = ""
) -> SecurityEvent:
    """Record the event (``by``: the person who acted, ``actor``: the membership they worked under,
    if any); tell the account's owner by e-mail about the changes listed in NOTIFIED_EVENTS."""
    event = SecurityEvent.objects.create(
        kind=kind,
        actor=by,
        actor_username=by.get_username() if by else "",
        subject=subject,
        subject_username=subject.get_username() if subject else "",
        organisation_id=actor.organisation_id if actor else None,
        territory_id=actor.territory_id if actor else None,
        role=actor.role if actor else "",
        detail=detail,
    )
    if subject is not None and subject.email and kind in NOTIFIED_EVENTS:
        _notify_owner(event, subject)
    return event


# The other service modules of the package record their events with the same function.
security_event_record = _security_event


def _lock_account(user: User) -> None:
    # Changes to one account's second factor and token happen one at a time.
    User.objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def role_policy_set(*, actor: Membership, role: str, require_otp: bool, verified: bool) -> RolePolicy:
    """Make the second factor compulsory (or optional) for ``role`` in the actor's organisation only.

    Administrators only. A role the installation makes compulsory cannot be made optional, and
    making a role optional needs a session verified with a second factor. Changes are recorded
    as security events.
    """
    if not has_role(actor, {Role.ADMINISTRATOR}):
        raise NotAllowed(_("Only an administrator changes the security policy."))
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if not require_otp and role in selectors.installation_otp_roles():
        raise DomainError(
            _("This installation requires a second factor for this role in every organisation."), field=role
        )
    policy = RolePolicy.objects.select_for_update().filter(organisation_id=actor.organisation_id, role=role).first()
    if policy is None:
        policy = RolePolicy(organisation_id=actor.organisation_id, role=role, require_otp=False)
    if policy.require_otp == require_otp:
        return policy
    if not require_otp and not verified:
        raise NotAllowed(
            _("Confirm your sign-in with a second factor before making it optional for a role."), field=role
        )
    policy.require_otp = require_otp
    policy.save()
    kind = SecurityEvent.Kind.POLICY_REQUIRED if require_otp else SecurityEvent.Kind.POLICY_RELAXED
    _security_event(kind=kind, by=actor.user, actor=actor, subject=None, detail=role)
    return policy


@transaction.atomic
def role_policies_set(*, actor: Membership, required: set[str], verified: bool) -> None:
    """Set the whole policy of the actor's organisation at once (the Security page): the roles in
    ``required`` must use a second factor, the others need not. All or nothing."""
    for role in Role.values:
        if role in required or role not in selectors.installation_otp_roles():
            role_policy_set(actor=actor, role=role, require_otp=role in required, verified=verified)


RECOVERY_CODE_COUNT = 10


def _recovery_codes_replace(*, user: User, membership: Membership | None) -> list[str]:
    # The device is kept (only its codes change) so a session verified with a recovery code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _unused in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _security_event(kind=SecurityEvent.Kind.RECOVERY_CODES_GENERATED, by=user, actor=membership, subject=user)
    return codes


def second_factor_enrol(
    *, user: User, device: TOTPDevice, token: str, verified: bool, membership: Membership | None
) -> list[str]:
    """Confirm a new authenticator app with one of its codes.

    A first device needs only the signed-in session. Adding or replacing one needs a session
    already verified with a second factor (a current device or a recovery code); otherwise nothing
    changes. A replacement removes the previous app. Returns new recovery codes when the account
    has none left (shown once), else an empty list. Recorded as a security event.
    """
    with transaction.atomic():
        _lock_account(user)
        if device.user_id != user.pk or device.confirmed:
            raise NotAllowed(_("This pairing does not belong to you or is already confirmed."))
        if user_has_device(user, confirmed=True) and not verified:
            raise NotAllowed(
                _(
                    "Your account already has a second factor. Confirm your sign-in with its code or a "
                    "recovery code before replacing it; if you have neither, ask an administrator to reset it."
                )
            )
        accepted = device.verify_token(token)
        if accepted:
            previous = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
            replaced = previous.filter(confirmed=True).exists()
            previous.delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            kind = SecurityEvent.Kind.DEVICE_REPLACED if replaced else SecurityEvent.Kind.DEVICE_ENROLLED
            _security_event(kind=kind, by=user, actor=membership, subject=user)
            codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
            return [] if codes_left else _recovery_codes_replace(user=user, membership=membership)
    # Outside the transaction, so the device's throttling of wrong codes is kept.
    raise DomainError(_("The code is not valid. Check the time on your phone and try again."), field="token")


def recovery_codes_generate(*, user: User, verified: bool, membership: Membership | None) -> list[str]:
    """A new set of recovery codes replaces the old one; only from a session verified with a
    second factor. Recorded as a security event."""
    if not verified:
        raise NotAllowed(_("Confirm your sign-in with a second factor before generating recovery codes."))
    with transaction.atomic():
        _lock_account(user)
        return _recovery_codes_replace(user=user, membership=membership)


def normalise_recovery_code(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())


def second_factor_recover(*, user: User, code: str, membership: Membership | None) -> StaticDevice:
    """Check a recovery code at sign-in; a code works once (it is deleted as it is used). Wrong
    codes slow further attempts down (django-otp throttling). Recorded as a security event."""
    normalised = normalise_recovery_code(code)
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_is_allowed()[0]:
            used = bool(normalised) and device.token_set.filter(token=normalised).delete()[0] > 0
            if used:
                device.throttle_reset(commit=False)
                device.set_last_used_timestamp(commit=False)
                device.save()
                _security_event(kind=SecurityEvent.Kind.RECOVERY_CODE_USED, by=user, actor=membership, subject=user)
                return device
            device.throttle_increment()
    raise DomainError(_("The recovery code is not valid or has already been used."), field="code")


@transaction.atomic
def second_factor_reset(*, actor: Membership, user: User, verified: bool) -> None:
    """An administrator removes a member's authenticator app and recovery codes (a lost phone):
    at their next sign-in the member sets up a new app. Only for members of the administrator's
    organisation and territory, never one's own, and from a session the administrator verified
    with their own second factor. Recorded as a security event."""
    if not has_role(actor, {Role.ADMINISTRATOR}):
        raise NotAllowed(_("Only an administrator resets a second factor."))
    if not selectors.user_in_scope(actor=actor, user=user):
        raise NotAllowed(_("This person is not a member of your organisation in your territory."))
    if user.pk == actor.user_id:
        raise NotAllowed(_("Replace your own authenticator app from your account page."))
    if not verified:
        raise NotAllowed(_("Confirm your own sign-in with a second factor before resetting someone else's."))
    _lock_account(user)
    if not user_has_device(user, confirmed=True):
        raise DomainError(_("This person has no second factor to reset."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _security_event(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET, by=actor.user, actor=actor, subject=user)


def _token_label(token: Token) -> str:
    return f"{token.key[:6]}…"


@transaction.atomic
def api_token_create(*, user: User, verified: bool, membership: Membership | None) -> Token:
    """Issue the user's API token (one per account). When any of the user's memberships must use
    a second factor, or the user has set one up, only from a session verified with it: a token
    acts under any of the user's memberships. Recorded as a security event."""
    _lock_account(user)
    if not verified and (selectors.account_requires_otp(user=user) or user_has_device(user, confirmed=True)):
        raise NotAllowed(_("Confirm your sign-in with a second factor before creating an API token."))
    if Token.objects.filter(user=user).exists():
        raise Conflict(_("You already have an API token: revoke it before creating a new one."))
    token = Token.objects.create(user=user)
    _security_event(
        kind=SecurityEvent.Kind.TOKEN_CREATED,
        by=user,
        actor=membership,
        subject=user,
        detail=_token_label(token),
    )
    return token


@transaction.atomic
def api_token_revoke(*, user: User, membership: Membership | None) -> None:
    """The owner revokes their API token; calls made with it are refused from now on."""
    _lock_account(user)
    token = Token.objects.filter(user=user).first()
    if token is None:
        raise DomainError(_("There is no API token to revoke."))
    label = _token_label(token)
    token.delete()
    _security_event(kind=SecurityEvent.Kind.TOKEN_REVOKED, by=user, actor=membership, subject=user, detail=label)


@transaction.atomic
def api_token_revoke_for(*, actor: Membership, user: User) -> None:
    """An administrator revokes the API token of a member of their organisation and territory."""
    if not has_role(actor, {Role.ADMINISTRATOR}):
        raise NotAllowed(_("Only an administrator revokes another person's API token."))
    if not selectors.user_in_scope(actor=actor, user=user):
        raise NotAllowed(_("This person is not a member of your organisation in your territory."))
    _lock_account(user)
    token = Token.objects.filter(user=user).first()
    if token is None:
        raise DomainError(_("There is no API token to revoke."))
    label = _token_label(token)
    token.delete()
    _security_event(kind=SecurityEvent.Kind.TOKEN_REVOKED, by=actor.user, actor=actor, subject=user, detail=label)
