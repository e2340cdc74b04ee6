"""The territory's eligibility and priority rules, kept as data: versioned rule sets and their rules."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.matching.rules import FACTS, Operator

FACT_CHOICES = [(code, code) for code in FACTS]


OPERATOR_CHOICES = [(op.value, op.value) for op in Operator]

# What a person reads for a fact and an operator (the stored values stay the codes above).
FACT_LABELS = {
    "isee": _("ISEE (euro)"),
    "household_size": _("Members of the household"),
    "minors": _("Members under 18"),
    "elderly_65": _("Members aged 65 or more"),
    "elderly_75": _("Members aged 75 or more"),
    "disability_severe": _("Members with severe disability (law 104, art. 3 c. 3)"),
    "invalidity_66": _("Members with civil invalidity of 66% or more"),
    "waiting_months": _("Months of waiting"),
    "monthly_income": _("Monthly income of the household (euro)"),
    "eviction_notice": _("Eviction notice in force"),
    "overcrowding": _("Overcrowded home"),
    "residence_or_work": _("Resides or works in the territory"),
    "owns_suitable_property": _("Owns a suitable home"),
    "single_parent": _("Single parent with minor children"),
}
OPERATOR_LABELS = {
    Operator.LE.value: _("at most"),
    Operator.LT.value: _("less than"),
    Operator.GE.value: _("at least"),
    Operator.GT.value: _("more than"),
    Operator.EQ.value: _("equal to"),
    Operator.IS_TRUE.value: _("yes"),
    Operator.IS_FALSE.value: _("no"),
}
FACT_FORM_CHOICES = [(code, FACT_LABELS.get(code, code)) for code in FACTS]
OPERATOR_FORM_CHOICES = [(op.value, OPERATOR_LABELS[op.value]) for op in Operator]


class RuleSet(TimeStampedModel):
    """A versioned set of rules of one kind for a territory (and everything below it).

    A priority rule set also says how its ranking allocates units in a matching round (``regime``,
    docs/modules/matching-engine.md): empty means the pathway's default."""

    class Kind(models.TextChoices):
        ELIGIBILITY = "eligibility", _("Eligibility")
        PRIORITY = "priority", _("Priority score")

    class Regime(models.TextChoices):
        DEFAULT = "", _("The pathway's default")
        GRADUATORIA = "graduatoria", _("Ranking order (graduatoria)")
        RANK_RESPECTING = "rank_respecting", _("Rank-respecting optimisation")
        FIT = "fit", _("Fit optimisation, every rank inversion listed")

    class Confidence(models.TextChoices):
        VERIFIED = "V", _("Checked against the regulation")
        SECONDARY = "S", _("Secondary source: verify before use")
        EXAMPLE = "M", _("Example or unconfirmed: not a regulation")

    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    pathway = models.CharField(
        _("pathway"), max_length=24, choices=PATHWAY_CHOICES, blank=True, help_text=_("Empty: every pathway.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The regulation, article and where it was read."))
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    regime = models.CharField(
        _("allocation regime"),
        max_length=16,
        choices=Regime.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Priority rule sets: how the ranking allocates units in a matching round."),
    )
    history = tracked()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["territory__path", "kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="matching_ruleset_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    fact = models.CharField(_("fact"), max_length=32, choices=FACT_CHOICES)
    operator = models.CharField(_("operator"), max_length=8, choices=OPERATOR_CHOICES)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, default=Decimal(0))
    per_unit = models.BooleanField(_("points per unit of the fact"), default=False)
    cap = models.DecimalField(_("at most"), max_digits=8, decimal_places=2, null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["rule_set", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="matching_rule_code_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def condition_in_words(self) -> str:
        """The condition as a person reads it: "ISEE (euro) at most 16.000,00"."""
        fact = str(FACT_LABELS.get(self.fact, self.fact))
        operator = str(OPERATOR_LABELS.get(self.operator, self.operator))
        if self.threshold is None:
            return f"{fact}: {operator}"
        return f"{fact} {operator} {number_format(self.threshold, decimal_pos=2, use_l10n=True, force_grouping=True)}"
