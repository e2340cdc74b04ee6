"""Reads of territories, organisations and memberships, scoped to the actor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from abitare.accounts.models import (
    HousingDesk,
    Membership,
    Organisation,
    Role,
    RolePolicy,
    SecurityEvent,
    Territory,
    User,
)
from abitare.core import params
from abitare.core.figures import Trend, count_with_trend


def in_force(*, on: datetime.date | None = None) -> Q:
    """Memberships in force on a day (today by default): active, started and not yet ended."""
    day = on or timezone.localdate()
    return (
        Q(is_active=True)
        & (Q(start_date__isnull=True) | Q(start_date__lte=day))
        & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def memberships_active(*, user: Any) -> QuerySet[Membership]:
    """The user's memberships in force today (active, within their dates)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(in_force(), user=user).select_related("organisation", "territory").order_by("id")


def membership_current(*, user: Any, requested_id: Any = None, header_id: Any = None) -> Membership | None:
    """The membership the user works under: the one chosen (session or API header), else the first."""
    memberships = list(memberships_active(user=user))
    for wanted in (params.as_id(header_id), params.as_id(requested_id)):
        if wanted is not None:
            for membership in memberships:
                if membership.pk == wanted:
                    return membership
    return memberships[0] if memberships else None


def territory_subtree(*, root: Territory) -> QuerySet[Territory]:
    return Territory.objects.filter(path__startswith=root.path)


def territory_list(*, actor: Membership | None) -> QuerySet[Territory]:
    """The territories the membership works in: its territory and everything below it."""
    if actor is None:
        return Territory.objects.none()
    return territory_subtree(root=actor.territory).select_related("parent")


def organisation_list(*, actor: Membership | None) -> QuerySet[Organisation]:
    """Organisations active in the membership's territories or above them (partners in view)."""
    if actor is None:
        return Organisation.objects.none()
    territory_ids = territory_list(actor=actor).values("id")
    return Organisation.objects.filter(territories__in=territory_ids).distinct().order_by("name")


def member_list(*, actor: Membership | None) -> QuerySet[Membership]:
    """Memberships of the administrator's organisation in their territory subtree."""
    if actor is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            organisation_id=actor.organisation_id, territory__path__startswith=actor.territory.path
        )
        .select_related("user", "organisation", "territory")
        .order_by("user__last_name", "user__first_name", "role")
    )


def installation_otp_roles() -> frozenset[str]:
    """Roles that must use a second factor in every organisation (``OTP_REQUIRED_ROLES``, set by
    the server operator)."""
    return frozenset(settings.OTP_REQUIRED_ROLES)


def roles_requiring_otp(*, organisation_id: int) -> set[str]:
    """Roles whose members must use a second factor in this organisation: the installation's
    minimum plus what the organisation's administrators chose."""
    chosen = RolePolicy.objects.filter(organisation_id=organisation_id, require_otp=True).values_list("role", flat=True)
    return set(installation_otp_roles()) | set(chosen)


def membership_requires_otp(*, actor: Membership | None) -> bool:
    """The membership's role must use a second factor in the membership's organisation."""
    if actor is None or not actor.is_active:
        return False
    return actor.role in roles_requiring_otp(organisation_id=actor.organisation_id)


def account_requires_otp(*, user: User) -> bool:
    """True when any active membership of the user must use a second factor.

    Used only to ask for *more* (a verified session before issuing an API token, which can act
    under any of the user's memberships), never to grant a right.
    """
    memberships = Membership.objects.filter(user=user, is_active=True)
    if memberships.filter(role__in=installation_otp_roles()).exists():
        return True
    compulsory = RolePolicy.objects.filter(
        organisation_id=OuterRef("organisation_id"), role=OuterRef("role"), require_otp=True
    )
    return memberships.filter(Exists(compulsory)).exists()


def user_must_verify(*, user: User, actor: Membership | None) -> bool:
    """The signed-in user must confirm a code before working: they set up a second factor (it is
    then asked at every sign-in), or the membership in force requires one."""
    return user_has_device(user, confirmed=True) or membership_requires_otp(actor=actor)


@dataclass(frozen=True)
class RolePolicyRow:
    role: str
    label: str
    required: bool
    by_installation: bool


def role_policies(*, actor: Membership) -> list[RolePolicyRow]:
    """The security policy of the actor's organisation, one row per role, with the roles the
    installation makes compulsory marked (their administrators cannot switch them off)."""
    chosen = set(
        RolePolicy.objects.filter(organisation_id=actor.organisation_id, require_otp=True).values_list(
            "role", flat=True
        )
    )
    minimum = installation_otp_roles()
    return [
        RolePolicyRow(
            role=role, label=str(label), required=role in chosen or role in minimum, by_installation=role in minimum
        )
        for role, label in Role.choices
    ]


def user_in_scope(*, actor: Membership, user: User) -> bool:
    """The user has a membership in the actor's organisation within the actor's territory."""
    return member_list(actor=actor).filter(user=user).exists()


def member_get(*, actor: Membership, user_id: int) -> User:
    """A user with a membership in the administrator's organisation and territory; 404 otherwise."""
    user = User.objects.filter(pk=user_id, memberships__in=member_list(actor=actor)).distinct().first()
    if user is None:
        raise Http404
    return user


@dataclass(frozen=True)
class SecondFactorStatus:
    """What a page says about one account's second factor and API token."""

    device: TOTPDevice | None
    recovery_codes_left: int | None
    token: Token | None
    account_requires_otp: bool

    @property
    def has_recovery_codes(self) -> bool:
        return self.recovery_codes_left is not None


def second_factor_status(*, user: User) -> SecondFactorStatus:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return SecondFactorStatus(
        device=device,
        recovery_codes_left=static.token_set.count() if static is not None else None,
        token=Token.objects.filter(user=user).first(),
        account_requires_otp=account_requires_otp(user=user),
    )


def api_token_list(*, actor: Membership) -> QuerySet[Token]:
    """API tokens of the users in the administrator's organisation and territory."""
    in_scope = member_list(actor=actor).values("user_id")
    return Token.objects.filter(user_id__in=in_scope).select_related("user").order_by("user__username")


def users_with_second_factor(*, user_ids: list[int]) -> set[int]:
    """Which of these users have a confirmed authenticator app (for the members page)."""
    return set(TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True))


def users_with_token(*, user_ids: list[int]) -> set[int]:
    return set(Token.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))


def security_event_list(*, actor: Membership) -> QuerySet[SecurityEvent]:
    """Security events an auditor may read: those done under a membership of their organisation
    in their territory, and those about an account that has a membership there (e.g. another
    organisation's administrator resetting the second factor of one of their members)."""
    own_members = Membership.objects.filter(
        organisation_id=actor.organisation_id, territory__path__startswith=actor.territory.path
    ).values("user_id")
    done_here = Q(organisation_id=actor.organisation_id, territory__path__startswith=actor.territory.path)
    return (
        SecurityEvent.objects.filter(done_here | Q(subject_id__in=own_members))
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )


def territory_get(*, actor: Membership, territory_id: int) -> Territory:
    """A territory of the actor's subtree; 404 otherwise."""
    territory = territory_list(actor=actor).filter(pk=territory_id).first()
    if territory is None:
        raise Http404
    return territory


def organisation_get(*, actor: Membership, organisation_id: int) -> Organisation:
    """An organisation working in the actor's territories (or the actor's own); 404 otherwise."""
    visible = organisation_list(actor=actor).values("id")
    organisation = (
        Organisation.objects.filter(Q(pk__in=visible) | Q(pk=actor.organisation_id), pk=organisation_id)
        .prefetch_related("territories")
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def membership_get(*, actor: Membership, membership_id: int) -> Membership:
    """A membership of the administrator's organisation in their territory subtree; 404 otherwise."""
    membership = member_list(actor=actor).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


def housing_desk_list() -> QuerySet[HousingDesk]:
    """Every territory's housing desk: public information, shown on the public site."""
    return HousingDesk.objects.select_related("territory").order_by("territory__path")


def account_locked_out(*, user: User) -> bool:
    """Too many failed sign-ins on the account (django-axes), from at least one address."""
    attempts = AccessAttempt.objects.filter(
        username=user.get_username(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    return bool(attempts.exists())


# Dashboard figures of the administrator ---------------------------------------------------------


@dataclass(frozen=True)
class MembersFigures:
    users: int
    by_role: dict[str, int]
    inactive: int
    trend: Trend


def members_count(*, actor: Membership | None, today: datetime.date) -> MembersFigures:
    """Active memberships of the administrator's scope per role, the distinct users holding them,
    the memberships switched off; the trend counts memberships given."""
    memberships = member_list(actor=actor).order_by()
    counted = count_with_trend(memberships, state=Q(is_active=False), entered="created_at__date", today=today)
    active = memberships.filter(is_active=True, user__is_active=True)
    roles = dict(active.values_list("role").annotate(n=Count("pk")))
    users = active.values("user_id").distinct().count()
    return MembersFigures(users, {role: roles.get(role, 0) for role in Role.values}, counted.value, counted.trend)


def accounts_locked(*, actor: Membership | None, now: datetime.datetime) -> list[str]:
    """Usernames in the administrator's scope locked out now by repeated failed sign-ins
    (django-axes: the failure limit reached within the cool-off period)."""
    cooloff = datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME or 0))
    usernames = member_list(actor=actor).order_by().values("user__username")
    attempts = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=now - cooloff)
    return sorted(set(attempts.values_list("username", flat=True)))
