"""Limits shared by every file import (people, bank statements): the size of the file, the number
of rows, the length of the error report, and the message for a file in the wrong encoding.

The limits are settings (``IMPORT_MAX_BYTES``, ``IMPORT_MAX_ROWS``, ``IMPORT_MAX_ERRORS``,
docs/configuration.md). A file over the size limit is refused before it is read; a file over the
row limit stops at the first row past it; the report lists the first errors and says how many more.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _


def max_bytes() -> int:
    return int(settings.IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(settings.IMPORT_MAX_ROWS)


def max_errors() -> int:
    return int(settings.IMPORT_MAX_ERRORS)


def size_error(size: int | None) -> str | None:
    """The message for a file of ``size`` bytes over the size limit, else None."""
    if size is not None and size > max_bytes():
        return _("The file is larger than %(limit)s: split it into smaller files.") % {"limit": _megabytes(max_bytes())}
    return None


def _megabytes(size: int) -> str:
    # Not Django's filesizeformat: the template package would load the ORM into the pure
    # statement readers (tenancies/recovery), which use these limits.
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + " " + unit
    return f"{size} B"


def rows_error() -> str:
    return _("The file has more than %(n)s rows: split it into smaller files.") % {"n": max_rows()}


def encoding_error() -> str:
    return _(
        "The file is not in UTF-8 encoding. In your spreadsheet choose 'Save as', the type "
        "'CSV UTF-8 (comma delimited)', and upload it again; or upload it as XLSX."
    )


def workbook_error() -> str:
    return _("The file is not a valid XLSX workbook: open it in your spreadsheet and save it again as XLSX.")


def capped(messages: Sequence[str], total: int | None = None) -> list[str]:
    """The first ``IMPORT_MAX_ERRORS`` messages, then one line saying how many more there are
    (``total`` when only the first ones were kept)."""
    limit = max_errors()
    total = len(messages) if total is None else total
    shown = [str(message) for message in messages[:limit]]
    if total > len(shown):
        shown.append(_("... and %(n)s more errors.") % {"n": total - len(shown)})
    return shown
