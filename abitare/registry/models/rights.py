"""Consents and the record of data-subject requests, with the decisions on household records in an export."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.registry.models.people import Person


class Consent(TimeStampedModel):
    """A consent or acknowledged privacy notice for one purpose, with its version and validity."""

    PERSONAL_DATA = True

    class Purpose(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Privacy notice acknowledged")
        SERVICE = "service", _("Processing for the support pathway")
        SHARING = "sharing", _("Sharing with partner organisations")
        CONTACT = "contact", _("Contact about activities and labs")
        RESEARCH = "research", _("Research and statistics")
        IMAGES = "images", _("Photos and videos")

    class Status(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", pgettext_lazy("consent", "Withdrawn")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    notice_version = models.CharField(_("notice version"), max_length=30)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GIVEN)
    history = tracked()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="registry_consent_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.notice_version})"


class DataSubjectRequest(models.Model):
    """A data-subject request (export, erasure) and its outcome, kept for the auditor.

    Holds no personal data once the person is erased: only the pseudonym and the outcome.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    person_ref = models.CharField(_("person"), max_length=64, help_text=_("Pseudonymous reference."))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_ref} ({self.get_outcome_display()})"


class ExportRelease(TimeStampedModel):
    """The data protection officer's decision on household-level notes in one person's
    data-subject export.

    A household's notes (support and mediation notes, assessment evidence, hosting needs...) may
    speak of its other members: a member's export leaves them out and lists them here, pending;
    the data protection officer (the auditor role) releases those that are about the person, with
    a reason, and keeps the others withheld. ``records`` and ``released`` hold record keys
    (``app.model:id:field``).
    """

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the data protection officer")
        DECIDED = "decided", _("Decided")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="export_releases"
    )
    records = models.JSONField(_("household records withheld"), default=list)
    released = models.JSONField(_("records released"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("export made by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("export release decision")
        verbose_name_plural = _("export release decisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="pending"), name="registry_release_one_pending_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False) & ~Q(reason="")),
                name="registry_release_decided_fields",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Export of %(person)s: household records") % {"person": self.person})
