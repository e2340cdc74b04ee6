"""Imported bank statements (camt.053 or CSV), their credit lines, and payers' known IBANs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.money import MoneyField


class BankStatement(models.Model):
    """One imported statement file. A file (same hash) or a statement (same message and statement
    id) is imported once: importing it again changes nothing and says so."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", _("ISO 20022 camt.053")
        CSV = "csv", _("CSV template")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    format_version = models.CharField(_("format version"), max_length=20, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_hash = models.CharField(_("file digest (SHA-256)"), max_length=64)
    message_id = models.CharField(_("message id"), max_length=140, blank=True)
    statement_id = models.CharField(_("statement id"), max_length=300, blank=True)
    account_iban = models.CharField(_("account IBAN"), max_length=34, blank=True)
    credits_count = models.PositiveIntegerField(_("credits"), default=0)
    credits_total = MoneyField(_("total credited"), default=0)
    matched_count = models.PositiveIntegerField(_("matched credits"), default=0)
    duplicates_count = models.PositiveIntegerField(
        _("credits already imported"), default=0, help_text=_("Lines of this file known from an earlier statement.")
    )
    ignored_count = models.PositiveIntegerField(_("debits and pending entries left out"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "file_hash"], name="tenancies_statement_file_once"),
            models.UniqueConstraint(
                fields=["organisation", "message_id", "statement_id"],
                condition=~Q(message_id=""),
                name="tenancies_statement_message_once",
            ),
        ]

    def __str__(self) -> str:
        return self.statement_id or self.file_name or self.file_hash[:12]


class BankCredit(models.Model):
    """One incoming transfer of a statement: matched to a tenancy (and posted as a payment), or
    waiting in the queue for an operator, who assigns it or marks it as not ours."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched and recorded")
        UNMATCHED = "unmatched", _("Waiting for an operator")
        NOT_OURS = "not_ours", _("Not a rent payment")

    class MatchedBy(models.TextChoices):
        REFERENCE = "reference", _("Tenancy reference")
        IBAN = "iban", _("Payer IBAN")
        OPERATOR = "operator", _("Assigned by an operator")

    class Reason(models.TextChoices):
        NO_CLUE = "no_clue", _("No tenancy reference and no known IBAN")
        AMBIGUOUS_REFERENCE = "ambiguous_reference", _("References of several tenancies")
        AMBIGUOUS_IBAN = "ambiguous_iban", _("The IBAN pays for several tenancies")
        INVALID_IBAN = "invalid_iban", _("The payer IBAN is not valid")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    statement = models.ForeignKey(
        BankStatement, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="credits"
    )
    bank_reference = models.CharField(_("bank reference"), max_length=140)
    amount = MoneyField(_("amount"))
    value_date = models.DateField(_("value date"))
    booking_date = models.DateField(_("booking date"), null=True, blank=True)
    remittance = models.CharField(_("remittance information"), max_length=500, blank=True)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, blank=True)
    payer_iban = models.CharField(_("payer IBAN"), max_length=34, blank=True)
    payer_name = models.CharField(_("payer"), max_length=140, blank=True)
    line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    matched_by = models.CharField(_("matched by"), max_length=10, choices=MatchedBy.choices, blank=True)
    unmatched_reason = models.CharField(_("why unmatched"), max_length=20, choices=Reason.choices, blank=True)
    tenancy = models.ForeignKey(
        "tenancies.Tenancy",
        verbose_name=_("tenancy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_credits",
    )
    entry = models.OneToOneField(
        "tenancies.LedgerEntry",
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_credit",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("bank credit")
        verbose_name_plural = _("bank credits")
        ordering = ["value_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "bank_reference"], name="tenancies_credit_reference_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tenancies_credit_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="matched", tenancy__isnull=False, entry__isnull=False)
                | (~Q(status="matched") & Q(entry__isnull=True)),
                name="tenancies_credit_matched_has_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "value_date"], name="tenancies_credit_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.value_date} {self.amount} {self.payer_name}".strip()


class PayerAccount(models.Model):
    """An IBAN known to pay for a tenancy (remembered by an operator from an unmatched credit)."""

    PERSONAL_DATA = True

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="payer_accounts"
    )
    iban = models.CharField(_("IBAN"), max_length=34)
    holder = models.CharField(_("account holder"), max_length=140, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("payer account")
        verbose_name_plural = _("payer accounts")
        ordering = ["tenancy", "iban"]
        constraints = [models.UniqueConstraint(fields=["tenancy", "iban"], name="tenancies_payer_iban_once")]
        indexes = [models.Index(fields=["organisation", "iban"], name="tenancies_payer_iban_idx")]

    def __str__(self) -> str:
        return self.iban
