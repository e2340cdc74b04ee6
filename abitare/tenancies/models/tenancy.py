"""Tenancies (locazioni): the contract between the agency and a household for one unit."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField

NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class ContractType(models.TextChoices):
    AGREED_RENT = "agreed_rent", _("Agreed rent 3+2")
    SERVICE = "service", _("Service contract (18 months, renewable once)")
    RECEPTION = "reception", _("Reception (temporary)")
    DOPO_DI_NOI = "dopo_di_noi", _("Dopo di Noi co-housing")
    TRANSITIONAL = "transitional", _("Transitional")


class ExitDestination(models.TextChoices):
    PRIVATE_MARKET = "private_market", _("Private rental market")
    PUBLIC_HOUSING = "public_housing", _("Public housing")
    OTHER_PATHWAY = "other_pathway", _("Another pathway")
    FAMILY = "family", _("Family")
    UNKNOWN = "unknown", _("Unknown")


class Tenancy(TimeStampedModel):
    """A household's contract for a unit. Created from an accepted offer or entered by hand.

    Money owed lives in the ledger (``LedgerEntry``), never in a balance column.
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("housing.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="tenancies")
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    allocation = models.OneToOneField(
        "matching.Allocation",
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancy",
        help_text=_("The accepted offer this tenancy comes from; empty for tenancies entered by hand."),
    )
    contract_type = models.CharField(_("contract type"), max_length=16, choices=ContractType.choices)
    pathway = models.CharField(_("pathway"), max_length=24, choices=PATHWAY_CHOICES)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, help_text=_("Quoted on bank transfers, e.g. AB-2026-000123.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty for open-ended contracts."))
    monthly_rent = MoneyField(_("monthly rent"), validators=NOT_NEGATIVE)
    monthly_charges = MoneyField(_("monthly service charges"), default=Decimal(0), validators=NOT_NEGATIVE)
    savings_deposit = MoneyField(_("monthly savings deposit"), default=Decimal(0), validators=NOT_NEGATIVE)
    due_day = models.PositiveSmallIntegerField(
        _("rent due on day"), default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="active"), name="tenancies_tenancy_one_open_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tenancies_tenancy_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(monthly_rent__gte=0) & Q(monthly_charges__gte=0) & Q(savings_deposit__gte=0),
                name="tenancies_tenancy_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | Q(status="ended", ended_on__isnull=False),
                name="tenancies_tenancy_ended_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "territory", "status"], name="tenancies_scope_idx"),
            models.Index(fields=["household"], name="tenancies_household_idx"),
            models.Index(fields=["unit", "starts_on"], name="tenancies_unit_start_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def monthly_amount(self) -> Decimal:
        """What the monthly charge asks for: rent plus service charges."""
        return Decimal(self.monthly_rent) + Decimal(self.monthly_charges)

    @property
    def last_day(self) -> datetime.date | None:
        """The last day that can be charged: the exit date once ended, else the contract end."""
        return self.ended_on if self.ended_on is not None else self.ends_on


class TenancyRenewal(models.Model):
    """One renewal of a tenancy: the end date before and after, who renewed it."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="renewal_log"
    )
    previous_ends_on = models.DateField(_("previous end"))
    new_ends_on = models.DateField(_("new end"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("renewed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_ends_on__gt=models.F("previous_ends_on")), name="tenancies_renewal_extends"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenancy}: {self.previous_ends_on} -> {self.new_ends_on}"


class TenancyExit(models.Model):
    """The end of a tenancy: when, where the household went, who recorded it."""

    PERSONAL_DATA = True

    tenancy = models.OneToOneField(Tenancy, verbose_name=_("tenancy"), on_delete=models.PROTECT, related_name="exit")
    exited_on = models.DateField(_("exit date"))
    destination = models.CharField(_("destination"), max_length=16, choices=ExitDestination.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        ordering = ["-exited_on", "-id"]
        indexes = [models.Index(fields=["exited_on"], name="tenancies_exit_date_idx")]

    def __str__(self) -> str:
        return f"{self.tenancy}: {self.exited_on}"
