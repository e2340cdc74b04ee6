"""The access log helper: later modules record a read of a personal record in one line,
``log_read(request, household, actor=membership)``.

Each entry carries the organisation and territory of the reader's membership in force at read
time (the ``actor`` the caller passes), which is what scopes the log for auditors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from abitare.core.models import AccessLogEntry
from abitare.core.roles import Actor


def log_read(
    request: Any,
    record: models.Model,
    *,
    actor: Actor,
    channel: str | None = None,
    purpose: str = "",
) -> AccessLogEntry:
    """Write who read ``record``, when and through which page or endpoint.

    ``request`` is a Django or DRF request; the channel defaults to API for ``/api/`` paths.
    ``actor`` is the membership the request works under.
    """
    return log_reads(request, [record], actor=actor, channel=channel, purpose=purpose)[0]


def log_reads(
    request: Any,
    records: Sequence[models.Model],
    *,
    actor: Actor,
    channel: str | None = None,
    purpose: str = "",
) -> list[AccessLogEntry]:
    """Bulk form of :func:`log_read` for lists and exports (one insert)."""
    path = request.get_full_path()[:500]
    if channel is None:
        channel = AccessLogEntry.Channel.API if path.startswith("/api/") else AccessLogEntry.Channel.PAGE
    return log_reads_by(actor, records, channel=channel, path=path, method=request.method or "", purpose=purpose)


def log_reads_by(
    actor: Actor,
    records: Sequence[models.Model],
    *,
    channel: str,
    path: str = "",
    method: str = "",
    purpose: str = "",
) -> list[AccessLogEntry]:
    """Reads made outside a request (a service building an export, a background task)."""
    user = actor.user
    entries = [
        AccessLogEntry(
            user=user,
            username=user.get_username(),
            organisation_id=actor.organisation_id,
            organisation_name=str(actor.organisation)[:200],
            territory_id=actor.territory_id,
            territory_path=actor.territory.path,
            role=actor.role,
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            record_label=str(record)[:200],
            channel=channel,
            path=path,
            method=method,
            purpose=purpose,
        )
        for record in records
    ]
    return AccessLogEntry.objects.bulk_create(entries)
