"""Applications (domande) of households for a pathway, with their preferred neighbourhoods."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField


class Application(TimeStampedModel):
    """A household applies for a pathway; the verdict and score are stored with the rules used."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        HOUSED = "housed", _("Housed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXCLUDED = "excluded", _("Excluded after refusing an offer")

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    pathway = models.CharField(_("pathway"), max_length=24, choices=PATHWAY_CHOICES)
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    occupants = models.PositiveSmallIntegerField(_("occupants"), validators=[MinValueValidator(1)])
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    needs_wheelchair = models.BooleanField(_("needs a wheelchair-accessible flat"), default=False)
    wants_group_living = models.BooleanField(_("asks for group living"), default=False)
    monthly_income = MoneyField(_("declared monthly income"), validators=[MinValueValidator(Decimal(0))])
    residence_or_work = models.BooleanField(_("resides or works in the territory"), default=False)
    owns_suitable_property = models.BooleanField(_("owns a suitable home"), default=False)
    eviction_notice = models.BooleanField(_("eviction notice in force"), default=False)
    overcrowding = models.BooleanField(_("current home overcrowded"), default=False)
    preferred = models.ManyToManyField(
        "accounts.Territory",
        verbose_name=_("neighbourhoods wanted"),
        through="ApplicationPreference",
        related_name="+",
        blank=True,
    )
    excluded = models.ManyToManyField(
        "accounts.Territory", verbose_name=_("neighbourhoods excluded"), related_name="+", blank=True
    )
    # The last evaluation: verdict, score by rule, and the rule sets used (a snapshot).
    eligible = models.BooleanField(_("eligible"), null=True, editable=False)
    score = models.DecimalField(_("priority score"), max_digits=8, decimal_places=2, default=Decimal(0))
    evaluation = models.JSONField(_("evaluation"), default=dict, editable=False)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, editable=False)
    # Consequences of unjustified refusals (the refusal rule of the territory; see ``Offer``).
    penalty_points = models.DecimalField(
        _("points lost for refusals"), max_digits=8, decimal_places=2, default=Decimal(0), editable=False
    )
    suspended_until = models.DateField(_("left out of rounds until"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = tracked(excluded_fields=["evaluation"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-score", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "pathway"],
                condition=Q(status__in=["submitted", "eligible", "not_eligible"]),
                name="matching_application_one_open_per_pathway",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "-score"], name="matching_app_queue_idx")]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_pathway_display()}"


class ApplicationPreference(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="preferences"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("preferred neighbourhood")
        verbose_name_plural = _("preferred neighbourhoods")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "territory"], name="matching_pref_unique"),
            models.UniqueConstraint(fields=["application", "rank"], name="matching_pref_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.territory}"
