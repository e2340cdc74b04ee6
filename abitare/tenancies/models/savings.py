"""The mandatory savings account of service contracts: deposits, payouts at exit, reversals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from abitare.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from abitare.core.money import MoneyField


class SavingsEntry(AppendOnlyModel):
    """One movement on a tenancy's savings account; the balance is ``SUM(signed_amount)``.

    Deposits add, payouts subtract, a reversal carries the opposite sign of what it reverses.
    The services lock the tenancy row and refuse any entry that would take the balance below zero.
    Like the rent ledger, the account is its own history (append-only, author and time on each row).
    """

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        PAYOUT = "payout", _("Payout")
        REVERSAL = "reversal", _("Reversal")

    class Funds(models.TextChoices):
        SECURITY_DEPOSIT = "security_deposit", _("Security deposit of the next home")
        FIRST_RENTS = "first_rents", _("First rents of the next home")
        MOVING = "moving", _("Moving and furniture")
        DEBT = "debt", _("Settling debts")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="savings_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = MoneyField(_("amount"))
    signed_amount = MoneyField(_("effect on the balance"), editable=False)
    value_date = models.DateField(_("value date"))
    month = models.DateField(_("month"), null=True, blank=True, help_text=_("First day of the month deposited for."))
    funds = models.CharField(_("funds"), max_length=16, choices=Funds.choices, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("savings entry")
        verbose_name_plural = _("savings entries")
        ordering = ["value_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tenancies_savings_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="deposit", signed_amount=F("amount"))
                | Q(kind="payout", signed_amount=-F("amount"))
                | Q(kind="reversal", signed_amount=F("amount"))
                | Q(kind="reversal", signed_amount=-F("amount")),
                name="tenancies_savings_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False) | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="tenancies_savings_reversal_points_back",
            ),
            models.CheckConstraint(
                condition=~Q(kind="payout") | ~Q(funds=""), name="tenancies_savings_payout_has_destination"
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal") | ~Q(reason=""), name="tenancies_savings_reason_required"
            ),
        ]
        indexes = [models.Index(fields=["tenancy", "value_date", "id"], name="tenancies_savings_tenancy_idx")]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.value_date} {self.kind} {self.signed_amount}"
