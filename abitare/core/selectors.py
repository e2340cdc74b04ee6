"""Reads of the access log (auditors) and of task progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Concat, TruncDate
from django.utils.translation import gettext_lazy as _

from abitare.core.exceptions import ValidationFailed
from abitare.core.figures import Trend, trend_of
from abitare.core.models import AccessLogEntry, TaskProgress, record_type_label
from abitare.core.roles import Actor


@dataclass(frozen=True)
class AccessLogFilters:
    username: str = ""
    record_type: str = ""
    record_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, query: Any) -> AccessLogFilters:
        """Read filters from a GET query; a malformed date is a field error, nothing is guessed."""
        errors: dict[str, list[Any]] = {}
        dates: dict[str, datetime.date | None] = {}
        for key in ("date_from", "date_to"):
            raw = (query.get(key) or "").strip()
            try:
                dates[key] = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                errors[key] = [_("Write the date as YYYY-MM-DD.")]
        if errors:
            raise ValidationFailed(errors)
        return cls(
            username=(query.get("username") or "").strip(),
            record_type=(query.get("record_type") or "").strip(),
            record_id=(query.get("record_id") or "").strip(),
            date_from=dates["date_from"],
            date_to=dates["date_to"],
        )


def access_log_scope(*, actor: Actor) -> QuerySet[AccessLogEntry]:
    """The reads an auditor may see: made under a membership of the auditor's organisation within
    the auditor's territory or below it. Entries that could not be attributed (no organisation or
    no territory) are outside every scope."""
    return AccessLogEntry.objects.filter(
        organisation_id=actor.organisation_id, territory_path__startswith=actor.territory.path
    )


def access_log_search(*, actor: Actor, filters: AccessLogFilters) -> QuerySet[AccessLogEntry]:
    """The auditor's scope narrowed by the filters (a filter never widens it)."""
    entries = access_log_scope(actor=actor)
    if filters.username:
        entries = entries.filter(username__icontains=filters.username)
    if filters.record_type:
        entries = entries.filter(record_type=filters.record_type)
    if filters.record_id:
        entries = entries.filter(record_id=filters.record_id)
    if filters.date_from:
        entries = entries.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(created_at__date__lte=filters.date_to)
    return entries


def access_log_record_types(*, actor: Actor) -> list[tuple[str, str]]:
    """The record types read within the auditor's scope, as (value, name) sorted by name."""
    values = access_log_scope(actor=actor).order_by().values_list("record_type", flat=True).distinct()
    return sorted(((value, record_type_label(value)) for value in values), key=lambda pair: pair[1])


def progress_get(*, progress_id: Any, owner: Any) -> TaskProgress | None:
    """A task's progress, visible only to the user who started the task."""
    return TaskProgress.objects.filter(pk=progress_id, owner=owner).first()


# Dashboard figures of the auditor ---------------------------------------------------------------

#: A user reading more distinct records than this in one day is an unusual pattern.
MANY_READS_PER_DAY = 100
#: How many past days the auditor's dashboard looks at for reads per day and heavy readers.
AUDIT_DAYS = 14


def access_reads_per_day(*, actor: Actor, today: datetime.date, days: int = AUDIT_DAYS) -> dict[datetime.date, int]:
    """Reads logged in the auditor's scope on each of the last ``days`` days (today included),
    every day present."""
    first = today - datetime.timedelta(days=days - 1)
    rows = (
        access_log_scope(actor=actor)
        .filter(created_at__date__gte=first, created_at__date__lte=today)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    return {
        first + datetime.timedelta(days=offset): counts.get(first + datetime.timedelta(days=offset), 0)
        for offset in range(days)
    }


@dataclass(frozen=True)
class HeavyReader:
    username: str
    day: datetime.date
    records: int


def access_heavy_readers(
    *, actor: Actor, today: datetime.date, days: int = AUDIT_DAYS, threshold: int = MANY_READS_PER_DAY
) -> list[HeavyReader]:
    """Users who read more than ``threshold`` distinct records in one day, in the last ``days``
    days, the heaviest first."""
    first = today - datetime.timedelta(days=days - 1)
    rows = (
        access_log_scope(actor=actor)
        .filter(created_at__date__gte=first, created_at__date__lte=today)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("username", "day")
        .annotate(records=Count(Concat("record_type", Value(":"), "record_id"), distinct=True))
        .filter(records__gt=threshold)
    )
    readers = [HeavyReader(username, day, records) for username, day, records in rows]
    return sorted(readers, key=lambda reader: (-reader.records, reader.day, reader.username))


def access_exports(*, actor: Actor, today: datetime.date) -> Trend:
    """Records exported (the access log's export channel) in the last 30 days and in the 30 before."""
    return trend_of(
        access_log_scope(actor=actor).filter(channel=AccessLogEntry.Channel.EXPORT),
        entered="created_at__date",
        today=today,
    )
