"""Italian formats: dates in prose as "5 dicembre 2026". Whatever is not set here (short dates,
numbers, input formats) comes from Django's Italian formats."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "E Y"
MONTH_DAY_FORMAT = "j E"
