"""Instruments, pathway maps and assessments of the "capacità di abitare"
(docs/sources.md#capacita-di-abitare).

An instrument is a versioned set of domains (each on one axis, weighted, five written levels);
a pathway map turns a quadrant into a pathway. Both are territory rules kept as data: a row
with ``territory = NULL`` is the installation default, a row for a territory applies to it and
everything below it. An assessment keeps the instrument version it used (PROTECT) and stores
its computed axes, so a later change of rules never rewrites the past.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from abitare.assessments.scoring import Axis, Pathway, Quadrant
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel

AXIS_CHOICES = [(Axis.RESOURCES.value, _("Resources")), (Axis.POTENTIAL.value, _("Potential"))]
QUADRANT_CHOICES = [
    (Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL.value, _("High resources, high potential")),
    (Quadrant.HIGH_RESOURCES_LOW_POTENTIAL.value, _("High resources, low potential")),
    (Quadrant.LOW_RESOURCES_HIGH_POTENTIAL.value, _("Low resources, high potential")),
    (Quadrant.LOW_RESOURCES_LOW_POTENTIAL.value, _("Low resources, low potential")),
]
PATHWAY_CHOICES = [
    (Pathway.MARKET_ORIENTATION.value, _("Housing agency: orientation to the market and public housing")),
    (Pathway.AGREED_RENT.value, _("Agreed-rent flat (3+2) with light support")),
    (Pathway.SERVICE_CONTRACT.value, _("Service-contract flat (18 months, support plan, savings)")),
    (Pathway.RECEPTION_HOUSE.value, _("Reception house")),
    (Pathway.DOPO_DI_NOI.value, _("Dopo di Noi group co-housing (law 112/2016)")),
]
# Short names for charts and tables.
PATHWAY_SHORT = {
    Pathway.MARKET_ORIENTATION.value: _("Agency: towards autonomy"),
    Pathway.AGREED_RENT.value: _("Agreed-rent flat"),
    Pathway.SERVICE_CONTRACT.value: _("Service-contract flat"),
    Pathway.RECEPTION_HOUSE.value: _("Reception house"),
    Pathway.DOPO_DI_NOI.value: _("Dopo di Noi"),
}
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
AXIS_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def pathway_label(code: str) -> str:
    return str(dict(PATHWAY_CHOICES).get(code, code))


def quadrant_label(code: str) -> str:
    return str(dict(QUADRANT_CHOICES).get(code, code))


class Instrument(TimeStampedModel):
    """A versioned set of domains; the active one for a territory is the newest valid version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveIntegerField(_("version"))
    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the default of the installation, used where a territory has none of its own."),
    )
    valid_from = models.DateField(_("valid from"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    source = models.TextField(
        _("source and licence"),
        blank=True,
        help_text=_("Where the instrument comes from and under which licence it may be used."),
    )
    derived_from = models.ForeignKey(
        "self", verbose_name=_("derived from"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "territory", "version"], name="assessments_instrument_version"),
            models.UniqueConstraint(
                fields=["name", "version"], condition=Q(territory__isnull=True), name="assessments_instrument_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Domain(models.Model):
    """One scored area of an instrument, on one axis, with its weight in the axis's mean."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="domains"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    axis = models.CharField(_("axis"), max_length=10, choices=AXIS_CHOICES)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal(0))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["instrument", "axis", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="assessments_domain_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="assessments_domain_weight_positive"),
        ]

    def __str__(self) -> str:
        """The name in the active language (Italian pages show the Italian name)."""
        return self.name_for(get_language())

    def name_for(self, language: str | None) -> str:
        return self.name_it if (language or "").startswith("it") else self.name_en

    def description_for(self, language: str | None) -> str:
        return self.description_it if (language or "").startswith("it") else self.description_en


class DomainLevel(models.Model):
    """The written anchor of one level (1-5) of a domain, in Italian and English."""

    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=SCORE_VALIDATORS)
    anchor_it = models.TextField(_("anchor (Italian)"))
    anchor_en = models.TextField(_("anchor (English)"))

    class Meta:
        verbose_name = _("domain level")
        verbose_name_plural = _("domain levels")
        ordering = ["domain", "level"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "level"], name="assessments_level_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="assessments_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.domain.code} {self.level}"

    def anchor_for(self, language: str | None) -> str:
        return self.anchor_it if (language or "").startswith("it") else self.anchor_en


class PathwayMap(TimeStampedModel):
    """A territory's thresholds and quadrant -> pathway table, valid from a date, with its source."""

    territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the default of the installation."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The act, agreement or model the map comes from."))
    resources_threshold = models.DecimalField(
        _("resources threshold"), max_digits=5, decimal_places=2, default=Decimal(50), validators=AXIS_VALIDATORS
    )
    potential_threshold = models.DecimalField(
        _("potential threshold"), max_digits=5, decimal_places=2, default=Decimal(50), validators=AXIS_VALIDATORS
    )
    high_resources_high_potential = models.CharField(
        _("high resources, high potential"), max_length=24, choices=PATHWAY_CHOICES
    )
    high_resources_low_potential = models.CharField(
        _("high resources, low potential"), max_length=24, choices=PATHWAY_CHOICES
    )
    low_resources_high_potential = models.CharField(
        _("low resources, high potential"), max_length=24, choices=PATHWAY_CHOICES
    )
    low_resources_low_potential = models.CharField(
        _("low resources, low potential"), max_length=24, choices=PATHWAY_CHOICES
    )
    history = tracked()

    class Meta:
        verbose_name = _("pathway map")
        verbose_name_plural = _("pathway maps")
        ordering = ["territory", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="assessments_pathwaymap_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(resources_threshold__gte=0, resources_threshold__lte=100)
                & Q(potential_threshold__gte=0, potential_threshold__lte=100),
                name="assessments_pathwaymap_thresholds_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory or _('Default')} · {self.valid_from}"

    def as_map(self) -> dict[Quadrant, str]:
        return {
            Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL: self.high_resources_high_potential,
            Quadrant.HIGH_RESOURCES_LOW_POTENTIAL: self.high_resources_low_potential,
            Quadrant.LOW_RESOURCES_HIGH_POTENTIAL: self.low_resources_high_potential,
            Quadrant.LOW_RESOURCES_LOW_POTENTIAL: self.low_resources_low_potential,
        }

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Assessment(TimeStampedModel):
    """One assessment of a household: who scored it, when, with which instrument, and the result.

    The axes, quadrant and recommended pathway are stored as computed at the time (by the
    service, with the rules then in force). ``is_latest`` marks the household's newest one.
    """

    PERSONAL_DATA = True

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="assessments"
    )
    pathway_map = models.ForeignKey(
        PathwayMap, verbose_name=_("pathway map"), on_delete=models.PROTECT, related_name="assessments"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    resources_score = models.DecimalField(
        _("resources (0-100)"), max_digits=5, decimal_places=2, validators=AXIS_VALIDATORS
    )
    potential_score = models.DecimalField(
        _("potential (0-100)"), max_digits=5, decimal_places=2, validators=AXIS_VALIDATORS
    )
    quadrant = models.CharField(_("quadrant"), max_length=8, choices=QUADRANT_CHOICES)
    recommended_pathway = models.CharField(_("recommended pathway"), max_length=24, choices=PATHWAY_CHOICES)
    chosen_pathway = models.CharField(_("chosen pathway"), max_length=24, choices=PATHWAY_CHOICES)
    override_reason = models.TextField(_("reason for another pathway"), blank=True)
    dopo_di_noi_requested = models.BooleanField(_("the household asks for Dopo di Noi"), default=False)
    next_due_on = models.DateField(_("next assessment due"))
    previous_quadrant = models.CharField(_("previous quadrant"), max_length=8, choices=QUADRANT_CHOICES, blank=True)
    is_latest = models.BooleanField(_("latest of the household"), default=True, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(is_latest=True), name="assessments_one_latest_per_household"
            ),
            models.CheckConstraint(
                condition=Q(chosen_pathway=F("recommended_pathway")) | ~Q(override_reason=""),
                name="assessments_override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(resources_score__gte=0, resources_score__lte=100)
                & Q(potential_score__gte=0, potential_score__lte=100),
                name="assessments_axes_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "territory", "assessed_on"], name="assessments_scope_idx"),
            models.Index(fields=["household", "assessed_on"], name="assessments_household_idx"),
            models.Index(fields=["is_latest", "next_due_on"], name="assessments_due_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Assessment of %(date)s") % {"date": date_format(self.assessed_on, "DATE_FORMAT")})

    @property
    def overridden(self) -> bool:
        return self.chosen_pathway != self.recommended_pathway

    @property
    def quadrant_changed(self) -> bool:
        return bool(self.previous_quadrant) and self.previous_quadrant != self.quadrant


class AssessmentScore(models.Model):
    """The level given to one domain in one assessment, with the evidence behind it."""

    PERSONAL_DATA = True

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    evidence = models.TextField(_("evidence"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["assessment", "domain__axis", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="assessments_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="assessments_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.domain.code}: {self.score}"


class PathwayChangeProposal(TimeStampedModel):
    """A re-assessment moved the household into another quadrant: propose a pathway change.

    Open proposals are on the work list until an operator settles them or a newer assessment
    supersedes them.
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        ACCEPTED = "accepted", _("Pathway changed")
        DECLINED = "declined", _("Pathway kept")
        SUPERSEDED = "superseded", _("Superseded by a newer assessment")

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="proposal"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    from_quadrant = models.CharField(_("from quadrant"), max_length=8, choices=QUADRANT_CHOICES)
    to_quadrant = models.CharField(_("to quadrant"), max_length=8, choices=QUADRANT_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("pathway change proposal")
        verbose_name_plural = _("pathway change proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "territory", "status"], name="assessments_proposal_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_quadrant_display()} → {self.get_to_quadrant_display()}"
