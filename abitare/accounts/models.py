"""Territories, organisations, users and the memberships that carry a role."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from abitare.core import rules
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.roles import Role

__all__ = [
    "HousingDesk",
    "Membership",
    "Organisation",
    "Role",
    "RolePolicy",
    "SecurityEvent",
    "Territory",
    "User",
]

istat_code_validator = RegexValidator(r"^\d{6}$", _("An ISTAT municipality code has 6 digits."))


class Territory(TimeStampedModel):
    """A node of the territory tree: district (ambito) -> municipality (comune) -> neighbourhood."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        MUNICIPALITY = "municipality", _("Municipality")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    # Which kind of parent each kind may have.
    PARENT_KINDS: ClassVar[dict[str, set[str | None]]] = {
        Kind.DISTRICT: {None},
        Kind.MUNICIPALITY: {Kind.DISTRICT},
        Kind.NEIGHBOURHOOD: {Kind.MUNICIPALITY},
    }

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    istat_code = models.CharField(
        _("ISTAT code"),
        max_length=6,
        blank=True,
        validators=[istat_code_validator],
        help_text=_("Municipalities only."),
    )
    # Materialised path of primary keys ("/1/4/9/") so a subtree is one indexed prefix filter.
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    history = tracked()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["istat_code"], condition=~Q(istat_code=""), name="accounts_territory_istat_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="accounts_territory_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestor_paths(self) -> list[str]:
        """Paths from the root (district) down to this territory, this one last."""
        return rules.ancestor_paths(self.path)

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root (district) down to this territory, this one last."""
        return rules.path_ids(self.path)

    @property
    def root_id(self) -> int:
        """The district above (or equal to) this territory."""
        return rules.root_id(self.path)

    @property
    def root_path(self) -> str:
        return rules.root_path(self.path)

    def covers(self, path: str) -> bool:
        """The territory with this path is this one or lies below it."""
        return path.startswith(self.path)


class Organisation(TimeStampedModel):
    """A body that works in the territories: municipality, agency, cooperative, association..."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT_OFFICE = "district_office", _("District office (Ufficio di Piano)")
        HOUSING_AGENCY = "housing_agency", _("Housing agency")
        PUBLIC_HOUSING_BODY = "public_housing_body", _("Public housing body")
        COOPERATIVE = "cooperative", _("Social cooperative")
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Foundation")
        SCHOOL = "school", _("School")
        PARISH = "parish", _("Parish")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    tax_code = models.CharField(_("tax code"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_default="")
    phone = models.CharField(_("phone"), max_length=40, blank=True, db_default="")
    address = models.CharField(_("address"), max_length=200, blank=True, db_default="")
    website = models.URLField(_("website"), blank=True, db_default="")
    territories = models.ManyToManyField(Territory, verbose_name=_("territories"), related_name="organisations")
    history = tracked()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: staff of an organisation. Citizens need no account."""

    PERSONAL_DATA = True

    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        db_default=False,
        help_text=_("Set by an administrator: the next page after sign-in is the password change."),
    )
    history = tracked(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(TimeStampedModel):
    """A user works for an organisation in a territory (and everything below it) with a role."""

    PERSONAL_DATA = True

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    sensitive_data = models.BooleanField(
        _("may read sensitive data"),
        default=False,
        help_text=_("Special categories of personal data (GDPR art. 9): disability, health, judicial, protection."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # In force from ``start_date`` to ``end_date`` included; empty means no limit on that side.
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "territory__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "territory", "role"], name="accounts_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="accounts_membership_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.territory} · {self.get_role_display()}"


class HousingDesk(TimeStampedModel):
    """The public information of a territory's housing desk (sportello casa), shown on the public site."""

    territory = models.OneToOneField(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="housing_desk"
    )
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200)
    opening_hours = models.TextField(_("opening hours"), help_text=_("One line per day or slot, e.g. Mon 9-12."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("housing desk")
        verbose_name_plural = _("housing desks")
        ordering = ["territory__path"]

    def __str__(self) -> str:
        return self.name

    @property
    def opening_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class RolePolicy(TimeStampedModel):
    """An organisation's security settings for one role, e.g. a compulsory second factor.

    Each organisation's administrators set their own; the installation's minimum
    (``settings.OTP_REQUIRED_ROLES``) applies on top and cannot be switched off here.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="role_policies"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    require_otp = models.BooleanField(_("second factor compulsory"), default=False)
    history = tracked()

    class Meta:
        verbose_name = _("role policy")
        verbose_name_plural = _("role policies")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "role"], name="accounts_rolepolicy_organisation_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"


class SecurityEvent(models.Model):
    """One change to how someone signs in or reaches the API: second factor, recovery codes,
    API tokens, security policy. Who did it, to whom, under which membership.

    Append-only: nothing in the product edits or deletes an event. Auditors read them.
    """

    class Kind(models.TextChoices):
        DEVICE_ENROLLED = "device_enrolled", _("Authenticator app set up")
        DEVICE_REPLACED = "device_replaced", _("Authenticator app replaced")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes generated")
        RECOVERY_CODE_USED = "recovery_code_used", _("Signed in with a recovery code")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset by an administrator")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        POLICY_REQUIRED = "policy_required", _("Second factor made compulsory for a role")
        POLICY_RELAXED = "policy_relaxed", _("Second factor made optional for a role")
        USER_INVITED = "user_invited", _("Invited by e-mail")
        MEMBERSHIP_GRANTED = "membership_granted", _("Membership granted")
        MEMBERSHIP_CHANGED = "membership_changed", _("Membership changed")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Deactivated")
        ACCOUNT_REACTIVATED = "account_reactivated", _("Reactivated")
        ACCOUNT_UNLOCKED = "account_unlocked", _("Unlocked after too many failed sign-ins")
        PASSWORD_CHANGE_FORCED = "password_change_forced", _("Password change required by an administrator")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        User, verbose_name=_("done by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    actor_username = models.CharField(_("done by"), max_length=150, blank=True)
    subject = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    subject_username = models.CharField(_("account"), max_length=150, blank=True)
    # The membership in force of whoever acted (none for the server operator's commands).
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+", null=True
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+", null=True
    )
    role = models.CharField(_("role"), max_length=16, blank=True)
    # What the event was about: a role's value for policy events, the first characters of a token.
    detail = models.CharField(_("detail"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "created_at"], name="accounts_secevent_subject_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.subject_username}"

    @property
    def detail_display(self) -> str:
        if self.kind in {self.Kind.POLICY_REQUIRED, self.Kind.POLICY_RELAXED} and self.detail in Role.values:
            return str(Role(self.detail).label)
        return self.detail
