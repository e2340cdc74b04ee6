"""Matching rounds (turni di assegnazione) and the proposals their engine makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.core.models import TimeStampedModel
from abitare.matching.models.agreements import SharingAgreement
from abitare.matching.models.applications import Application


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
