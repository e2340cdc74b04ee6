"""Repayment plans (piani di rientro): a debt split into instalments, with its state history."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField


class RepaymentPlan(TimeStampedModel):
    """A debt of a tenancy agreed with the creditor to be repaid in instalments.

    Its state changes only through the plan services, each change written to ``changes``.
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        LIVE = "live", _("Live")
        BREACHED = "breached", _("Breached")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Split(models.TextChoices):
        EQUAL = "equal", _("Equal instalments")
        CUSTOM = "custom", _("Custom instalments")

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.LIVE: {Status.BREACHED, Status.COMPLETED, Status.CANCELLED},
        Status.BREACHED: {Status.LIVE, Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }
    RUNNING: ClassVar[tuple[str, str]] = (Status.LIVE, Status.BREACHED)

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="repayment_plans"
    )
    case = models.ForeignKey(
        "tenancies.ArrearsCase",
        verbose_name=_("arrears case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    debt = MoneyField(_("debt"))
    split = models.CharField(_("split"), max_length=8, choices=Split.choices)
    first_due = models.DateField(_("first instalment due"))
    agreed_on = models.DateField(_("agreed on"))
    creditor = models.CharField(_("agreed with (creditor)"), max_length=200)
    tolerance_days = models.PositiveSmallIntegerField(_("days of tolerance"))
    # The balance the plan starts from (charges not yet late left out), to measure repayments.
    start_balance = MoneyField(_("balance when agreed"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.LIVE)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("repayment plan")
        verbose_name_plural = _("repayment plans")
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(debt__gt=0), name="tenancies_plan_debt_positive"),
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=Q(status__in=["live", "breached"]),
                name="tenancies_plan_one_running",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="tenancies_plan_status_idx")]

    def __str__(self) -> str:
        return f"{self.tenancy}: {self.debt} € ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING


class PlanInstalment(models.Model):
    plan = models.ForeignKey(
        RepaymentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="tenancies_instalment_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tenancies_instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.due_date} {self.amount}"


class PlanStatusChange(models.Model):
    """One step of a plan's state history: from, to, when, who (empty: the daily check), why."""

    plan = models.ForeignKey(RepaymentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=10, choices=RepaymentPlan.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RepaymentPlan.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plan status change")
        verbose_name_plural = _("plan status changes")
        ordering = ["plan", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_status} -> {self.to_status}"
