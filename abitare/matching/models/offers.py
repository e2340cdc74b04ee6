"""Offers of a unit to a household, the territory's refusal rule, and allocations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.matching.models.applications import Application
from abitare.matching.models.rounds import Proposal, Round
from abitare.matching.models.rulesets import RuleSet


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
