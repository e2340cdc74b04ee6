"""What every territory rule row carries: scope, validity, source and how sure the figure is."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from abitare.core.models import TimeStampedModel


class Confidence(models.TextChoices):
    VERIFIED = "V", _("Checked against the regulation")
    SECONDARY = "S", _("Secondary source: verify before use")
    EXAMPLE = "M", _("Example or unconfirmed: not a regulation")


class TerritoryRule(TimeStampedModel):
    """A rule in force for a territory and everything below it, from ``valid_from`` to ``valid_to``.

    The most specific territory wins; among rules of one territory, the latest start.
    """

    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The act, decision or agreement, and where it was read."))
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)

    class Meta:
        abstract = True
