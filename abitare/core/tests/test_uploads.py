"""The limits shared by every import (core/uploads.py)."""

from __future__ import annotations

from django.utils import translation

from abitare.core import uploads


def test_a_file_at_the_limit_passes_and_one_byte_more_does_not(settings):
    settings.IMPORT_MAX_BYTES = 20 * 1024 * 1024

    assert uploads.size_error(20 * 1024 * 1024) is None
    with translation.override("it"):
        assert uploads.size_error(20 * 1024 * 1024 + 1) == "Il file supera 20 MB: dividilo in file più piccoli."
    with translation.override("en"):
        assert uploads.size_error(20 * 1024 * 1024 + 1) == "The file is larger than 20 MB: split it into smaller files."


def test_the_report_keeps_the_first_errors_and_counts_the_rest(settings):
    settings.IMPORT_MAX_ERRORS = 2

    with translation.override("en"):
        assert uploads.capped(["a", "b", "c", "d"]) == ["a", "b", "... and 2 more errors."]
        assert uploads.capped(["a", "b"], total=10) == ["a", "b", "... and 8 more errors."]
        assert uploads.capped(["a"]) == ["a"]


def test_the_encoding_message_is_in_italian_and_english():
    with translation.override("it"):
        assert uploads.encoding_error().startswith("Il file non è nella codifica UTF-8.")
    with translation.override("en"):
        assert uploads.encoding_error().startswith("The file is not in UTF-8 encoding.")
