"""The access log helper: later modules record a read of a personal record in one line,
``log_read(request, household)``."""

from __future__ import annotations

from typing import Any

from django.db import models

from abitare.core.models import AccessLogEntry


def log_read(
    request: Any,
    record: models.Model,
    *,
    channel: str | None = None,
    purpose: str = "",
) -> AccessLogEntry:
    """Write who read ``record``, when and through which page or endpoint.

    ``request`` is a Django or DRF request; the channel defaults to API for ``/api/`` paths.
    """
    return log_reads(request, [record], channel=channel, purpose=purpose)[0]


def log_reads(
    request: Any,
    records: list[models.Model],
    *,
    channel: str | None = None,
    purpose: str = "",
) -> list[AccessLogEntry]:
    """Bulk form of :func:`log_read` for lists and exports (one insert)."""
    user = request.user if request.user.is_authenticated else None
    membership = getattr(request, "membership", None)
    path = request.get_full_path()[:500]
    if channel is None:
        channel = AccessLogEntry.Channel.API if path.startswith("/api/") else AccessLogEntry.Channel.PAGE
    entries = [
        AccessLogEntry(
            user=user,
            username=user.get_username() if user else "",
            organisation_id=getattr(membership, "organisation_id", None),
            organisation_name=str(getattr(membership, "organisation", "") or "")[:200],
            role=getattr(membership, "role", "") or "",
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            record_label=str(record)[:200],
            channel=channel,
            path=path,
            method=request.method or "",
            purpose=purpose,
        )
        for record in records
    ]
    return AccessLogEntry.objects.bulk_create(entries)
