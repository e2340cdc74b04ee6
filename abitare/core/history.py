"""Change history, set up once: a model holding personal or financial data adds
``history = tracked()`` and is covered by the audit test (``PERSONAL_DATA = True``)."""

from __future__ import annotations

from collections.abc import Sequence

from simple_history.models import HistoricalRecords


def tracked(*, excluded_fields: Sequence[str] = ()) -> HistoricalRecords:
    """Keep every change of the model with who made it (from the request or the service's actor)."""
    return HistoricalRecords(excluded_fields=list(excluded_fields), cascade_delete_history=False)
