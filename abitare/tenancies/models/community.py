"""Community-work restitution: tasks with a supervisor, hours worked, their value per territory."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField
from abitare.tenancies.models._rules import TerritoryRule


class CommunityWorkRate(TerritoryRule):
    """The value of one hour of community work credited to the rent ledger."""

    hourly_rate = MoneyField(_("hourly rate"), validators=[MinValueValidator(Decimal("0.01"))])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = tracked()

    class Meta:
        verbose_name = _("community-work hourly rate")
        verbose_name_plural = _("community-work hourly rates")
        ordering = ["territory__path", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="tenancies_workrate_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="tenancies_workrate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.territory}: {self.hourly_rate} €/h"


class CommunityTask(TimeStampedModel):
    """A kind of community work offered in a place, with the person who supervises it."""

    class Kind(models.TextChoices):
        PAINTING = "painting", _("Painting common parts")
        GREEN = "green", _("Green maintenance")
        MAIL = "mail", _("Mail")
        CONCIERGE = "concierge", _("Concierge hours")
        SOCIAL_CUSTODY = "social_custody", _("Social custody")
        SMALL_REPAIRS = "small_repairs", _("Small repairs")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("community task")
        verbose_name_plural = _("community tasks")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class CommunityWorkSession(TimeStampedModel):
    """Hours a member of a tenancy's household worked on a task. Recorded by an operator,
    confirmed (or rejected) by the task's supervisor only; confirmation credits the ledger."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Waiting for the supervisor")
        CONFIRMED = "confirmed", _("Confirmed and credited")
        REJECTED = "rejected", _("Rejected by the supervisor")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(CommunityTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="sessions")
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="community_sessions"
    )
    worked_on = models.DateField(_("worked on"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(12))],
    )
    worker = models.CharField(_("who worked"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or rejected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.CharField(_("why rejected"), max_length=300, blank=True)
    hourly_rate = MoneyField(_("hourly rate applied"), null=True, blank=True)
    amount = MoneyField(_("amount credited"), null=True, blank=True)
    entry = models.OneToOneField(
        "tenancies.LedgerEntry",
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_session",
    )
    history = tracked()

    class Meta:
        verbose_name = _("community-work session")
        verbose_name_plural = _("community-work sessions")
        ordering = ["-worked_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=12), name="tenancies_session_hours_range"),
            models.CheckConstraint(
                condition=Q(status="confirmed", entry__isnull=False, amount__isnull=False, decided_by__isnull=False)
                | (~Q(status="confirmed") & Q(entry__isnull=True)),
                name="tenancies_session_confirmed_credited",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="tenancies_session_status_idx"),
            models.Index(fields=["task", "worked_on"], name="tenancies_session_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.hours} h, {self.worked_on}"
