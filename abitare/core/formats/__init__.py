"""Dates as Italians write them in a sentence: "5 dicembre 2026", month in lower case and the day
without a leading zero (``FORMAT_MODULE_PATH``; English keeps Django's formats).

Django's Italian catalogue capitalises month names; the formats below use the alternative
month names (``E``), which Abitare's catalogue gives in lower case. They are declared here so
that ``make messages`` keeps them in the catalogue."""

from django.utils.translation import pgettext_lazy

ALTERNATIVE_MONTHS = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
