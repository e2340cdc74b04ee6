"""Dates in prose as Italians write them: "5 dicembre 2026" (no leading zero, month in lower case)."""

import datetime

from django.utils import translation
from django.utils.formats import date_format


def test_italian_dates_in_prose_have_the_month_in_lower_case_and_no_leading_zero():
    day = datetime.date(2026, 12, 5)
    with translation.override("it"):
        assert date_format(day, "DATE_FORMAT") == "5 dicembre 2026"
        assert date_format(day, "YEAR_MONTH_FORMAT") == "dicembre 2026"
        assert date_format(day, "SHORT_DATE_FORMAT") == "05/12/2026"
    with translation.override("en"):
        assert date_format(day, "DATE_FORMAT") == "Dec. 5, 2026"
