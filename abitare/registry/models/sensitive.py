"""Special-category data (GDPR art. 9/10), each kind in its own table behind its own permission."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.registry.models.people import Person


class SensitiveRecord(TimeStampedModel):
    """Special-category data (GDPR art. 9/10), each kind in its own table behind its own permission."""

    PERSONAL_DATA = True
    SENSITIVE = True

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True


class Disability(SensitiveRecord):
    """Recognised disability (law 104/1992) and civil invalidity percentage."""

    class Recognition(models.TextChoices):
        NONE = "none", _("Not recognised under law 104/1992")
        ART3_C1 = "art3_c1", _("Law 104/1992 art. 3 c. 1 (disability)")
        ART3_C3 = "art3_c3", _("Law 104/1992 art. 3 c. 3 (severe disability)")

    recognition = models.CharField(_("law 104 recognition"), max_length=8, choices=Recognition.choices)
    invalidity_percent = models.PositiveSmallIntegerField(
        _("civil invalidity %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    non_self_sufficient = models.BooleanField(_("not self-sufficient"), default=False)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    review_on = models.DateField(_("review due on"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("disability")
        verbose_name_plural = _("disabilities")
        ordering = ["-recognised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invalidity_percent__isnull=True) | Q(invalidity_percent__lte=100),
                name="registry_disability_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_recognition_display())


class HealthNote(SensitiveRecord):
    """A health note an operator needs for the support plan."""

    noted_on = models.DateField(_("date"), default=datetime.date.today)
    history = tracked()

    class Meta:
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")
        ordering = ["-noted_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.noted_on}"


class JudicialMeasure(SensitiveRecord):
    """A judicial measure (GDPR art. 10): probation, house arrest, an alternative sentence..."""

    kind = models.CharField(_("measure"), max_length=150)
    authority = models.CharField(_("issuing authority"), max_length=150, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("judicial measure")
        verbose_name_plural = _("judicial measures")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.kind


class ProtectionMeasure(SensitiveRecord):
    """Protection from domestic violence: orders, shelter placement, anti-violence centre pathway."""

    class Kind(models.TextChoices):
        REMOVAL_ORDER = "removal_order", _("Removal from the family home (art. 282-bis c.p.p.)")
        RESTRAINING_ORDER = "restraining_order", _("Restraining order (art. 282-ter c.p.p.)")
        SHELTER = "shelter", _("Placement in a shelter")
        ANTI_VIOLENCE_CENTRE = "anti_violence_centre", _("Anti-violence centre pathway")
        OTHER = "other", _("Other")

    kind = models.CharField(_("measure"), max_length=24, choices=Kind.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    address_confidential = models.BooleanField(_("address must stay confidential"), default=True)
    history = tracked()

    class Meta:
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


SENSITIVE_MODELS: tuple[type[SensitiveRecord], ...] = (Disability, HealthNote, JudicialMeasure, ProtectionMeasure)
