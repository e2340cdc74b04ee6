"""ISEE attestations as INPS issues them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField
from abitare.registry.models.people import Household

# INPS prints the DSU protocol as INPS-ISEE-<year>-<9 digits>-<2 digits> (see docs/modules/registry.md).
DSU_PROTOCOL_PATTERN = r"^INPS-ISEE-\d{4}-\d{9}-\d{2}$"


dsu_protocol_validator = RegexValidator(
    DSU_PROTOCOL_PATTERN,
    _("Write the DSU protocol as INPS printed it: INPS-ISEE-YYYY-NNNNNNNNN-NN."),
    code="dsu_protocol",
)


class IseeAttestation(TimeStampedModel):
    """An ISEE attestation as INPS issued it: stored, never recomputed (docs/sources.md#isee)."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        ORDINARY = "ordinario", _("Ordinary")
        CURRENT = "corrente", _("Current (corrente)")
        SOCIAL_HEALTH = "socio_sanitario", _("Social and health care (socio-sanitario)")
        MINORS = "minorenni", _("Minors (minorenni)")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="isee_attestations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    isee = MoneyField(_("ISEE"), validators=[MinValueValidator(0)])
    ise = MoneyField(_("ISE"), validators=[MinValueValidator(0)])
    isr = MoneyField(_("ISR"), validators=[MinValueValidator(0)])
    isp = MoneyField(_("ISP"), validators=[MinValueValidator(0)])
    equivalence_scale = models.DecimalField(
        _("equivalence scale"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(1)],
        help_text=_("The parameter printed on the attestation, surcharges included."),
    )
    dsu_protocol = models.CharField(
        _("DSU protocol"), max_length=30, validators=[dsu_protocol_validator], help_text="INPS-ISEE-YYYY-NNNNNNNNN-NN"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = tracked()

    class Meta:
        verbose_name = _("ISEE attestation")
        verbose_name_plural = _("ISEE attestations")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "dsu_protocol"], name="registry_isee_dsu_unique"),
            models.CheckConstraint(condition=Q(expires_on__gte=F("issued_on")), name="registry_isee_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"ISEE {self.isee} € · {self.dsu_protocol}"

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on < day

    @property
    def is_expired(self) -> bool:
        return self.is_expired_on(timezone.localdate())
