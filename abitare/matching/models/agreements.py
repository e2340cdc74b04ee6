"""Sharing agreements between two districts, under which joint rounds run."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel


class SharingAgreement(TimeStampedModel):
    """Two organisations agree to run joint rounds over both districts' stock and applications
    (compensazione tra domanda e offerta, docs/modules/matching.md, Joint rounds).

    An administrator of ``organisation`` records it for ``territory`` (their district); an
    administrator of ``partner`` confirms it for ``partner_territory``; only then, within its
    validity dates, can either side start a joint round. Either side may end it; it is never
    deleted and its history is kept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the partner's confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("agreement", "Confirmed")
        ENDED = "ended", pgettext_lazy("agreement", "Ended")

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("partner organisation"), on_delete=models.PROTECT, related_name="+"
    )
    partner_territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("partner district"), on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    act_reference = models.CharField(
        _("signed act"), max_length=250, help_text=_("The act that approved it, e.g. resolution number and date.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation=models.F("partner")), name="matching_agreement_two_organisations"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="matching_agreement_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_by__isnull=False),
                name="matching_agreement_confirmed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def in_force(self, on: datetime.date) -> bool:
        """Confirmed, not ended, and ``on`` within its validity dates."""
        return (
            self.status == self.Status.CONFIRMED
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
        )
