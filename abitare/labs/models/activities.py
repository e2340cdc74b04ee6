"""Activities and their occurrences, Agorà invitations, registrations, attendance and head counts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.labs.models.labs import Lab
from abitare.labs.models.places import Place, Tag


class Activity(TimeStampedModel):
    """Something a lab offers, once or on a recurrence rule (RFC 5545) in Europe/Rome time."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        AGORA = "agora", _("Agorà (network gathering)")
        COUNCIL = "council", _("Council meeting")

    class Audience(models.TextChoices):
        ALL = "all", _("Everyone")
        CHILDREN = "children", _("Children")
        YOUNG_PEOPLE = "young_people", _("Young people")
        FAMILIES = "families", _("Families")
        ELDERLY = "elderly", _("Older people")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="activities")
    dtstart = models.DateTimeField(_("first start"))
    duration = models.DurationField(_("duration"))
    rrule = models.TextField(_("recurrence rule (RFC 5545)"), blank=True)
    # End of the last occurrence, kept by the services so a window query needs no expansion.
    last_end = models.DateTimeField(_("last end"), db_index=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL)
    tags = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="activities")
    is_free = models.BooleanField(_("free"), default=True)
    registration_required = models.BooleanField(_("registration needed"), default=False)
    # Labs that take part in an Agorà and are shown with it: the host's organisation's labs, and
    # another organisation's labs once they accepted the invitation (AgoraInvitation).
    participating_labs = models.ManyToManyField(
        Lab, verbose_name=_("participating labs"), blank=True, related_name="gatherings"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["dtstart", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration__gt=datetime.timedelta(0)), name="labs_activity_duration"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class AgoraInvitation(models.Model):
    """Another organisation's lab invited to an Agorà: it takes part, and is shown with the Agorà
    on the public pages and feeds, only once a facilitator of that lab accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    activity = models.ForeignKey(
        Activity, verbose_name=_("Agorà"), on_delete=models.CASCADE, related_name="invitations"
    )
    lab = models.ForeignKey(Lab, verbose_name=_("invited lab"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("Agorà invitation")
        verbose_name_plural = _("Agorà invitations")
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "lab"], name="labs_agora_invitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lab} · {self.activity}"


class ActivityException(models.Model):
    """An occurrence of a recurring activity that is cancelled or moved to another time."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="exceptions"
    )
    original_start = models.DateTimeField(_("original start"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("occurrence change")
        verbose_name_plural = _("occurrence changes")
        ordering = ["original_start"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "original_start"], name="labs_exception_unique"),
            models.CheckConstraint(
                condition=Q(kind="cancelled", new_start__isnull=True) | Q(kind="moved", new_start__isnull=False),
                name="labs_exception_new_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.original_start:%Y-%m-%d %H:%M} {self.kind}"


class Occurrence(models.Model):
    """One dated occurrence of an activity, stored once something is attached to it
    (registrations, attendance, head counts). Its row is the lock for sign-ups."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="occurrences"
    )
    start = models.DateTimeField(_("start"))

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["activity", "start"], name="labs_occurrence_unique")]

    def __str__(self) -> str:
        return f"{self.activity} {self.start:%Y-%m-%d %H:%M}"


class Registration(TimeStampedModel):
    """A person signed up for one occurrence: confirmed, on the waiting list or cancelled."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    first_time = models.BooleanField(_("first experience of civic participation"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the citizen signed up on the public page."),
    )
    history = tracked()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["occurrence", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=~Q(status="cancelled"),
                name="labs_registration_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.occurrence}"


class Attendance(TimeStampedModel):
    """A named participant was present at an occurrence."""

    PERSONAL_DATA = True

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="attendances"
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(_("name"), max_length=150)
    first_time = models.BooleanField(_("first experience of civic participation"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["occurrence", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.occurrence}"


class HeadCount(models.Model):
    """Anonymous count of people at an occurrence, by age band and sex."""

    class AgeBand(models.TextChoices):
        UNDER_6 = "0-5", _("0-5 years")
        CHILD = "6-13", _("6-13 years")
        TEEN = "14-17", _("14-17 years")
        YOUNG_ADULT = "18-34", _("18-34 years")
        ADULT = "35-64", _("35-64 years")
        SENIOR = "65+", _("65 years and over")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNSTATED = "unstated", _("Not stated")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.PROTECT, related_name="head_counts"
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("head count")
        verbose_name_plural = _("head counts")
        ordering = ["occurrence", "age_band", "sex"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "age_band", "sex"], name="labs_headcount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.age_band} {self.sex}: {self.count}"
