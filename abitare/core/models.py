"""Core records: the access log of personal-data reads and background-task progress."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def record_type_label(record_type: str) -> str:
    """The name a reader knows a record type by ("Persona" for ``registry.person``)."""
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return record_type
    return capfirst(str(model._meta.verbose_name))


class AccessLogEntry(models.Model):
    """One read of a personal record by a user: who, what, when, through which page or endpoint.

    The organisation and territory are those of the reader's membership in force at read time,
    so an auditor sees only the reads made within their own organisation and territory subtree
    (``territory_path`` is the territory's materialised path: a subtree is one prefix filter).
    An entry without an organisation (older reads that could not be attributed) is shown to no
    auditor. Append-only: nothing in the product edits or deletes an entry.
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")
        TASK = "task", _("Background task")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    username = models.CharField(_("username"), max_length=150)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    territory_id = models.BigIntegerField(_("territory id"), null=True, blank=True)
    territory_path = models.CharField(_("territory path"), max_length=255, blank=True, default="", db_default="")
    role = models.CharField(_("role"), max_length=32, blank=True)
    record_type = models.CharField(_("record type"), max_length=100, db_index=True)
    record_id = models.CharField(_("record id"), max_length=64)
    record_label = models.CharField(_("record"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    path = models.CharField(_("page or endpoint"), max_length=500)
    method = models.CharField(_("method"), max_length=10, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="core_access_record_idx"),
            models.Index(fields=["user", "created_at"], name="core_access_user_idx"),
            # An auditor's scope: their organisation and a prefix of the path. The pattern operator
            # class lets LIKE 'prefix%' use the index on PostgreSQL; other databases ignore it.
            models.Index(
                fields=["organisation_id", "territory_path"],
                name="core_access_scope_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.record_type}#{self.record_id}"

    @property
    def record_type_label(self) -> str:
        return record_type_label(self.record_type)


class TaskProgress(TimeStampedModel):
    """Progress of a background task, polled by the shared htmx progress bar."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Completed")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(_("label"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class ScheduledRun(models.Model):
    """When each periodic job was last enqueued by ``abitare scheduler`` (one row per job)."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """The first answer to a submission that must take effect once (money, hours, an allocation).

    A page's one-time form token or an API client's ``Idempotency-Key`` header, per user and per
    endpoint (``scope``). The row is written in the same transaction as the operation, so two
    requests with the same key race on the unique constraint: the second waits for the first and
    then answers its result. Rows older than a day are purged by a scheduled job.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("endpoint"), max_length=300)
    key = models.CharField(_("key"), max_length=200)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), default=0)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    location = models.CharField(_("redirected to"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="core_idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
