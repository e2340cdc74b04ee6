"""Applications (domande) and the territory's eligibility and priority rules, kept as data."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.core.money import MoneyField
from abitare.matching.rules import FACTS, Operator

FACT_CHOICES = [(code, code) for code in FACTS]
OPERATOR_CHOICES = [(op.value, op.value) for op in Operator]


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
    # A joint round (over two districts under a sharing agreement) records the agreement and the
    # partner's side; both sides list and read it, each seeing the other's households pseudonymised.
    agreement = models.ForeignKey(
        SharingAgreement,
        verbose_name=_("sharing agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_territory = models.ForeignKey(
        "accounts.Territory",
        verbose_name=_("partner district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=True, partner__isnull=True, partner_territory__isnull=True)
                | Q(agreement__isnull=False, partner__isnull=False, partner_territory__isnull=False),
                name="matching_round_joint_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_joint(self) -> bool:
        """A joint round over two districts under a sharing agreement."""
        return self.agreement_id is not None


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
    # An operator's choice: this proposal replaces a rejected one for the same unit (``reason`` says why).
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "-priority", "id"]
        constraints = [
            # Rejected proposals stay as a record; at most one live proposal per unit and per
            # application in a round, so an operator can pick another household for a unit.
            models.UniqueConstraint(
                fields=["round", "unit"], condition=~Q(status="rejected"), name="matching_proposal_one_per_unit"
            ),
            models.UniqueConstraint(
                fields=["round", "application"],
                condition=~Q(status="rejected"),
                name="matching_proposal_one_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="matching_proposal_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(reason=""), name="matching_proposal_replacement_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.application_id}"


class RefusalRule(TimeStampedModel):
    """What a territory's regulation says about refusing an offered unit: the reasons an operator
    records, which of them justify the refusal, and the consequence of an unjustified refusal.

    Rules as data: versioned by validity dates, with the source and a confidence tag like
    ``RuleSet``. The rule in force is the nearest territory's up the tree.
    """

    class Consequence(models.TextChoices):
        NONE = "none", _("None")
        LOSE_POINTS = "lose_points", _("Loses priority points")
        SUSPENSION = "suspension", _("Left out of rounds for some months")
        EXCLUSION = "exclusion", _("Excluded from the list")

    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The regulation, article and where it was read."))
    confidence = models.CharField(_("confidence"), max_length=1, choices=RuleSet.Confidence.choices)
    consequence = models.CharField(
        _("consequence of an unjustified refusal"), max_length=12, choices=Consequence.choices
    )
    points = models.DecimalField(_("points lost"), max_digits=8, decimal_places=2, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months left out"), null=True, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("refusal rule")
        verbose_name_plural = _("refusal rules")
        ordering = ["territory__path", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="matching_refusalrule_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(consequence="lose_points") | Q(points__gt=0), name="matching_refusalrule_points_given"
            ),
            models.CheckConstraint(
                condition=~Q(consequence="suspension") | Q(months__gt=0), name="matching_refusalrule_months_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RefusalReason(models.Model):
    """One reason on a territory's list; ``justified`` empty means the operator judges it case by case."""

    rule = models.ForeignKey(
        RefusalRule, verbose_name=_("refusal rule"), on_delete=models.CASCADE, related_name="reasons"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    justified = models.BooleanField(_("justified"), null=True, blank=True, help_text=_("Empty: the operator judges."))
    history = tracked()

    class Meta:
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")
        ordering = ["rule", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "code"], name="matching_refusalreason_code_unique")]

    def __str__(self) -> str:
        return self.label


class Offer(TimeStampedModel):
    """A unit offered to a household from an approved proposal; the household accepts or refuses.

    The organisation and territory are the application's: the agency that holds the application
    sends the offer, even when the unit belongs to a partner agency in a joint round.
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("offer", "Sent")
        ACCEPTED = "accepted", pgettext_lazy("offer", "Accepted")
        REFUSED = "refused", pgettext_lazy("offer", "Refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("offer", "Withdrawn")

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="offers")
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="offers"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("housing.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    reply_by = models.DateField(_("reply by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.ForeignKey(
        RefusalReason,
        verbose_name=_("reason for refusing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_justified = models.BooleanField(_("refusal justified"), null=True, blank=True)
    consequence = models.JSONField(
        _("consequence applied"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The refusal rule that applied and what it did to the application."),
    )
    note = models.TextField(_("note"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Two operators can never offer the same unit at once, nor make two live offers on
            # one application; services lock the rows too and report the loser as a Conflict.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="sent"), name="matching_offer_one_live_per_unit"
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="sent"), name="matching_offer_one_live_per_application"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="accepted"),
                name="matching_offer_one_accepted_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | Q(refusal_reason__isnull=False, refusal_justified__isnull=False),
                name="matching_offer_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="sent") | Q(responded_at__isnull=False), name="matching_offer_answer_dated"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "reply_by"], name="matching_offer_queue_idx")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.household}"


class Allocation(models.Model):
    """An accepted offer: the household is housed in the unit from ``starts_on`` (the tenancy
    builds on it). ``ended_on`` closes it when the household leaves."""

    PERSONAL_DATA = True

    offer = models.OneToOneField(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="allocation")
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="allocations"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("housing.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "accounts.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            # Whatever the timing, a unit houses one household and a household lives in one unit.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(ended_on__isnull=True), name="matching_allocation_one_open_per_unit"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True),
                name="matching_allocation_one_open_per_household",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="matching_allocation_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.unit}"
