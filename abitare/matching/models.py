"""Applications (domande) and the territory's eligibility and priority rules, kept as data."""

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
from abitare.matching.rules import FACTS, Operator

FACT_CHOICES = [(code, code) for code in FACTS]
OPERATOR_CHOICES = [(op.value, op.value) for op in Operator]


class RuleSet(TimeStampedModel):
    """A versioned set of rules of one kind for a territory (and everything below it)."""

    class Kind(models.TextChoices):
        ELIGIBILITY = "eligibility", _("Eligibility")
        PRIORITY = "priority", _("Priority score")

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


class Application(TimeStampedModel):
    """A household applies for a pathway; the verdict and score are stored with the rules used."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        HOUSED = "housed", _("Housed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

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


class Round(TimeStampedModel):
    """A matching round (turno di assegnazione) of an organisation in a territory.

    ``snapshot`` keeps everything the round read, as the engine's JSON instance plus the rule
    versions and the applications' evaluations, so a proposal can be re-explained and
    re-computed later from the round alone. ``result`` keeps the engine's answer, the rank-order
    baseline and the report comparing them.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        EMPTY = "empty", _("Nothing to match")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    snapshot = models.JSONField(_("snapshot of the inputs"), default=dict, editable=False)
    result = models.JSONField(_("result"), default=dict, editable=False)

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Proposal(models.Model):
    """The engine proposes one unit to one household in a round; an operator approves or rejects it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="proposals")
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="proposals"
    )
    unit = models.ForeignKey("housing.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    priority = models.DecimalField(_("priority score"), max_digits=10, decimal_places=2)
    preference_rank = models.PositiveSmallIntegerField(_("preferred neighbourhood rank"), null=True, blank=True)
    preference_bonus = models.DecimalField(_("preference bonus"), max_digits=6, decimal_places=3)
    weight = models.DecimalField(_("weight"), max_digits=14, decimal_places=4)
    explanation = models.JSONField(_("explanation"), default=dict, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "-priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="matching_proposal_one_per_unit"),
            models.UniqueConstraint(fields=["round", "application"], name="matching_proposal_one_per_application"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="matching_proposal_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.application_id}"
