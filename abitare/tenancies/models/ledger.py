"""The rent ledger: append-only entries whose sum is the balance; write-off requests."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from abitare.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from abitare.core.history import tracked
from abitare.core.money import MoneyField


class LedgerEntry(AppendOnlyModel):
    """One movement on a tenancy's rent ledger. Never edited or deleted: a mistake is reversed.

    ``amount`` is always positive; ``signed_amount`` is what the entry adds to the balance
    (positive = the household owes more: a charge; negative = a credit: payment, community work,
    write-off; a reversal carries the opposite sign of the entry it reverses). The balance is
    ``SUM(signed_amount)``: positive means arrears, negative means credit.

    The ledger is its own history (every row records who entered it and when, and rows never
    change), so it keeps no ``tracked()`` copy; reads are logged through the tenancy.
    """

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Charge")
        PAYMENT = "payment", _("Payment")
        REVERSAL = "reversal", _("Reversal")
        COMMUNITY_WORK = "community_work", _("Community work credit")
        WRITE_OFF = "write_off", _("Write-off")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        SCHEDULE = "schedule", _("Monthly task")
        CAMT053 = "camt053", _("Bank statement (camt.053)")
        CSV = "csv", _("Bank statement (CSV)")
        COMMUNITY_WORK = "community_work", _("Community work record")
        WRITE_OFF = "write_off", _("Approved write-off")

    DEBIT_KINDS: ClassVar[frozenset[str]] = frozenset({Kind.CHARGE})
    CREDIT_KINDS: ClassVar[frozenset[str]] = frozenset({Kind.PAYMENT, Kind.COMMUNITY_WORK, Kind.WRITE_OFF})

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = MoneyField(_("amount"))
    signed_amount = MoneyField(_("effect on the balance"), editable=False)
    value_date = models.DateField(_("value date"))
    month = models.DateField(_("month charged"), null=True, blank=True, help_text=_("First day of the month."))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    payer_iban = models.CharField(_("payer IBAN"), max_length=34, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(
        _("source reference"), max_length=200, blank=True, help_text=_("The bank's or the record's own id.")
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects the charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["value_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tenancies_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="charge", signed_amount=F("amount"))
                | Q(kind__in=["payment", "community_work", "write_off"], signed_amount=-F("amount"))
                | Q(kind="reversal", signed_amount=F("amount"))
                | Q(kind="reversal", signed_amount=-F("amount")),
                name="tenancies_entry_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False) | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="tenancies_entry_reversal_points_back",
            ),
            models.CheckConstraint(
                condition=Q(kind="charge", month__isnull=False, due_on__isnull=False)
                | (~Q(kind="charge") & Q(month__isnull=True) & Q(corrects__isnull=True)),
                name="tenancies_entry_charge_has_month",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["reversal", "write_off"]) | ~Q(reason=""),
                name="tenancies_entry_reason_required",
            ),
            models.CheckConstraint(
                condition=Q(created_by__isnull=False) | Q(kind="charge", source="schedule"),
                name="tenancies_entry_has_author",
            ),
            # The monthly task relies on this: a month is charged once per tenancy, whoever runs it.
            models.UniqueConstraint(
                fields=["tenancy", "month"],
                condition=Q(kind="charge", corrects__isnull=True),
                name="tenancies_entry_one_charge_per_month",
            ),
            # An imported bank line or a community-work record is posted once.
            models.UniqueConstraint(
                fields=["organisation", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="tenancies_entry_source_ref_once",
            ),
        ]
        indexes = [
            models.Index(fields=["tenancy", "value_date", "id"], name="tenancies_entry_statement_idx"),
            # Balances are one GROUP BY tenancy over this index alone (index-only scan on PostgreSQL).
            models.Index(fields=["tenancy", "signed_amount"], name="tenancies_entry_balance_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.value_date} {self.kind} {self.signed_amount}"

    @property
    def is_debit(self) -> bool:
        return bool(self.signed_amount > 0)


class WriteOffRequest(models.Model):
    """A request to write off part of a debt; only a coordinator approves it, which posts the entry."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="write_off_requests"
    )
    amount = MoneyField(_("amount"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    entry = models.OneToOneField(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="write_off_request",
    )
    history = tracked()

    class Meta:
        verbose_name = _("write-off request")
        verbose_name_plural = _("write-off requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tenancies_writeoff_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(entry__isnull=False), name="tenancies_writeoff_approved_entry"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="tenancies_writeoff_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy}: {self.amount} ({self.status})"
