"""The access log taken away as a spreadsheet by the auditor, as the search filters it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import ValidationFailed
from abitare.core.exports import Column, ListExport, register_export
from abitare.core.models import AccessLogEntry
from abitare.core.selectors import AccessLogFilters, access_log_search


def _entry_rows(actor: Membership, params: Any) -> QuerySet[AccessLogEntry]:
    try:
        filters = AccessLogFilters.from_query(params)
    except ValidationFailed:
        filters = AccessLogFilters()  # as the page: invalid filters are reported and ignored
    return access_log_search(actor=actor, filters=filters)


def _entry_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("When"), lambda entry: entry.created_at),
        Column(_("User"), lambda entry: entry.username),
        Column(_("Organisation"), lambda entry: entry.organisation_name),
        Column(_("Role"), lambda entry: entry.role),
        Column(_("Kind of record"), lambda entry: str(entry.record_type_label)),
        Column(_("Record no."), lambda entry: entry.record_id),
        Column(_("Record"), lambda entry: entry.record_label),
        Column(_("Channel"), lambda entry: entry.get_channel_display()),
        Column(_("Page or endpoint"), lambda entry: f"{entry.method} {entry.path}".strip()),
        Column(_("Purpose"), lambda entry: entry.purpose),
    ]


# The log's own rows are not personal records read: the export itself is not logged again
# (an auditor exporting the log would otherwise double it).
ACCESS_LOG = ListExport(
    name="accounts.access_log", filename=_("access log"), rows=_entry_rows, columns=_entry_columns, logged=False
)


def register() -> None:
    register_export(ACCESS_LOG)
