"""Arrears early warning (morosità): the territory's rule and the cases it opens."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField
from abitare.tenancies.models._rules import TerritoryRule


class ArrearsRule(TerritoryRule):
    """When to open an arrears case, and how many days a repayment plan may run late."""

    months_of_rent = models.DecimalField(
        _("unpaid balance, in months of rent"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("A case opens when the balance reaches this many months of rent."),
    )
    overdue_days = models.PositiveSmallIntegerField(
        _("days a charge may stay unpaid"),
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("A case opens when a charge is still unpaid this many days after it was due."),
    )
    plan_tolerance_days = models.PositiveSmallIntegerField(
        _("days of tolerance on a repayment plan"),
        default=10,
        validators=[MaxValueValidator(180)],
        help_text=_("A plan is breached when it is behind schedule for more than this many days."),
    )
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
        verbose_name = _("arrears rule")
        verbose_name_plural = _("arrears rules")
        ordering = ["territory__path", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="tenancies_arrearsrule_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory}: {self.months_of_rent} / {self.overdue_days}"


class ArrearsCase(TimeStampedModel):
    """A tenancy whose debt met the territory's rule: on the operator's work list until the
    balance is cleared or a repayment plan starts. One open case per tenancy."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        CLEARED = "cleared", _("Balance cleared")
        PLAN_STARTED = "plan_started", _("Repayment plan started")
        TENANCY_ENDED = "tenancy_ended", _("Tenancy ended")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="arrears_cases"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    balance_at_opening = MoneyField(_("balance when opened"))
    overdue_at_opening = MoneyField(_("overdue when opened"), default=Decimal(0))
    by_balance = models.BooleanField(_("balance reached the threshold"), default=False)
    by_overdue = models.BooleanField(_("a charge is long overdue"), default=False)
    rule = models.ForeignKey(
        ArrearsRule, verbose_name=_("rule"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule_summary = models.CharField(_("rule applied"), max_length=200)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why closed"), max_length=16, choices=CloseReason.choices, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("arrears case")
        verbose_name_plural = _("arrears cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=Q(status="open"), name="tenancies_arrears_one_open_case"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True, close_reason="")
                | (Q(status="closed", closed_on__isnull=False) & ~Q(close_reason="")),
                name="tenancies_arrears_closed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="tenancies_arrears_status_idx")]

    def __str__(self) -> str:
        return f"{self.tenancy} ({date_format(self.opened_on)})"
