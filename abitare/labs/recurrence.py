"""Recurrence expansion: plain functions over plain data, no ORM.

Activities happen at a local wall-clock time in Europe/Rome ("every Tuesday at 18:00"). The
rule is expanded from an aware ``dtstart`` whose tzinfo is the Rome zone, so dateutil keeps the
wall time and the UTC offset follows daylight-saving time. Rules without COUNT or UNTIL are
refused: a feed and an overlap check must be finite.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.core.exceptions import DomainError

ROME = ZoneInfo("Europe/Rome")
UTC = datetime.UTC
# More occurrences than this in one activity is almost certainly a mistake in the rule.
MAX_OCCURRENCES = 1000


class RecurrenceError(DomainError):
    code = "invalid_recurrence"

    def __init__(self, message: str | Promise, *, field: str = "rrule") -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class ExceptionSpec:
    """A change to one occurrence, keyed by its original start: cancelled (``new_start`` None) or moved."""

    original_start: datetime.datetime
    new_start: datetime.datetime | None = None


@dataclass(frozen=True)
class Occurrence:
    start: datetime.datetime
    end: datetime.datetime
    original_start: datetime.datetime

    @property
    def moved(self) -> bool:
        return self.start != self.original_start


def to_rome(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime")
    return moment.astimezone(ROME)


def _normalise_until(part: str) -> str:
    """UNTIL in local time or as a date is read as Europe/Rome and rewritten in UTC (RFC 5545 form)."""
    value = part.split("=", 1)[1].strip().upper()
    if value.endswith("Z"):
        return f"UNTIL={value}"
    try:
        if "T" in value:
            local = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
        else:
            day = datetime.datetime.strptime(value, "%Y%m%d").date()
            local = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    except ValueError as error:
        raise RecurrenceError(_("The end date of the repetition is not valid.")) from error
    return f"UNTIL={local.replace(tzinfo=ROME).astimezone(UTC):%Y%m%dT%H%M%SZ}"


def normalise_rule(text: str) -> str:
    """Strip an ``RRULE:`` prefix, upper-case it, write UNTIL in UTC; refuse rules that never end."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    parts = [part.strip() for part in rule.split(";") if part.strip()]
    keys = [part.split("=", 1)[0].upper() for part in parts]
    if "FREQ" not in keys or any("=" not in part for part in parts):
        raise RecurrenceError(_("The repetition rule is not valid: it needs at least FREQ (e.g. FREQ=WEEKLY)."))
    if "COUNT" not in keys and "UNTIL" not in keys:
        raise RecurrenceError(
            _("The repetition never ends: add an end date (UNTIL) or a number of occurrences (COUNT).")
        )
    normalised = [
        _normalise_until(part) if key == "UNTIL" else part.upper() for key, part in zip(keys, parts, strict=True)
    ]
    return ";".join(normalised)


def build_rule(dtstart: datetime.datetime, rule_text: str) -> rrule:
    """A dateutil rule anchored at ``dtstart`` in Rome time; refuses invalid or endless rules.

    Parsed rules are cached: calendars expand the same few hundred rules on every request, and
    callers only read them (``between``, iteration)."""
    return _parsed_rule(dtstart, rule_text)


@functools.lru_cache(maxsize=4096)
def _parsed_rule(dtstart: datetime.datetime, rule_text: str) -> rrule:
    rule_text = normalise_rule(rule_text)
    try:
        parsed = rrulestr(rule_text, dtstart=to_rome(dtstart))
    except (ValueError, TypeError) as error:
        raise RecurrenceError(_("The repetition rule is not valid.")) from error
    if not isinstance(parsed, rrule):
        raise RecurrenceError(_("The repetition rule is not valid."))
    return parsed


def original_starts(dtstart: datetime.datetime, rule_text: str) -> list[datetime.datetime]:
    """Every start the rule produces, before exceptions (one start for a one-off activity)."""
    return list(_starts(dtstart, rule_text))


@functools.lru_cache(maxsize=2048)
def _starts(dtstart: datetime.datetime, rule_text: str) -> tuple[datetime.datetime, ...]:
    # Cached: a rule is finite (at most MAX_OCCURRENCES), so a window is a bisection of this
    # tuple instead of a walk of the rule from its first date on every calendar request.
    if not rule_text.strip():
        return (to_rome(dtstart),)
    starts: list[datetime.datetime] = []
    for start in build_rule(dtstart, rule_text):
        starts.append(start)
        if len(starts) > MAX_OCCURRENCES:
            raise RecurrenceError(
                _("The repetition has more than %(limit)s occurrences: shorten it.") % {"limit": MAX_OCCURRENCES}
            )
    if not starts:
        raise RecurrenceError(_("The repetition produces no date at all."))
    return tuple(starts)


def _apply(
    starts: Iterable[datetime.datetime], duration: datetime.timedelta, exceptions: Sequence[ExceptionSpec]
) -> list[Occurrence]:
    changes = {to_rome(change.original_start): change for change in exceptions}
    occurrences = []
    for start in starts:
        change = changes.get(start)
        if change is None:
            occurrences.append(Occurrence(start=start, end=start + duration, original_start=start))
        elif change.new_start is not None:
            moved = to_rome(change.new_start)
            occurrences.append(Occurrence(start=moved, end=moved + duration, original_start=start))
    occurrences.sort(key=lambda occurrence: occurrence.start)
    return occurrences


def all_occurrences(
    *,
    dtstart: datetime.datetime,
    duration: datetime.timedelta,
    rule: str,
    exceptions: Sequence[ExceptionSpec] = (),
) -> list[Occurrence]:
    """Every occurrence of a finite activity, exceptions applied, in start order."""
    if duration <= datetime.timedelta(0):
        raise DomainError(_("The end must come after the start."), field="end")
    return _apply(original_starts(dtstart, rule), duration, exceptions)


def expand(
    *,
    dtstart: datetime.datetime,
    duration: datetime.timedelta,
    rule: str,
    window_start: datetime.datetime,
    window_end: datetime.datetime,
    exceptions: Sequence[ExceptionSpec] = (),
) -> list[Occurrence]:
    """Occurrences that overlap ``[window_start, window_end)``, exceptions applied, in Rome time.

    A moved occurrence appears where it was moved to, so the window is widened by the largest
    move when looking for original starts.
    """
    if rule.strip():
        largest_move = max(
            (abs(to_rome(c.new_start) - to_rome(c.original_start)) for c in exceptions if c.new_start is not None),
            default=datetime.timedelta(0),
        )
        lower = to_rome(window_start) - duration - largest_move
        upper = to_rome(window_end) + largest_move
        every = _starts(dtstart, rule)
        starts: Iterable[datetime.datetime] = every[
            bisect.bisect_left(every, lower) : bisect.bisect_right(every, upper)
        ]
    else:
        starts = [to_rome(dtstart)]
    return [
        occurrence
        for occurrence in _apply(starts, duration, exceptions)
        if occurrence.start < window_end and occurrence.end > window_start
    ]


def overlaps(first: Sequence[Occurrence], second: Sequence[Occurrence]) -> Occurrence | None:
    """The first occurrence of ``first`` that overlaps one of ``second`` (both sorted by start)."""
    j = 0
    for occurrence in first:
        while j < len(second) and second[j].end <= occurrence.start:
            j += 1
        k = j
        while k < len(second) and second[k].start < occurrence.end:
            if second[k].end > occurrence.start:
                return occurrence
            k += 1
    return None


# The repetition a facilitator picks in words, written as an RFC 5545 rule -------------------------

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Repeat:
    ONCE = ""
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY_WEEKDAY = "monthly_weekday"
    MONTHLY_DAY = "monthly_day"


def compose_rule(
    *,
    repeat: str,
    start: datetime.datetime,
    weekdays: Sequence[int] = (),
    until: datetime.date | None = None,
    count: int | None = None,
) -> str:
    """The rule for "every Tuesday and Thursday until 31 December", "the first Monday of the
    month, 10 times"...: ``weekdays`` are 0 (Monday) to 6; the monthly choices take the start's
    day ("the second Tuesday": the start is a second Tuesday; a fifth one means the last). The
    repetition must end: ``until`` (a day, included) or ``count`` dates."""
    if repeat == Repeat.ONCE:
        return ""
    local = to_rome(start)
    if repeat in {Repeat.WEEKLY, Repeat.FORTNIGHTLY}:
        days = sorted(set(weekdays)) or [local.weekday()]
        parts = ["FREQ=WEEKLY"]
        if repeat == Repeat.FORTNIGHTLY:
            parts.append("INTERVAL=2")
        parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[day] for day in days))
    elif repeat == Repeat.MONTHLY_WEEKDAY:
        nth = (local.day - 1) // 7 + 1
        parts = ["FREQ=MONTHLY", f"BYDAY={-1 if nth == 5 else nth}{WEEKDAY_CODES[local.weekday()]}"]
    elif repeat == Repeat.MONTHLY_DAY:
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={local.day}"]
    else:
        raise RecurrenceError(_("Choose how the activity repeats."), field="repeat")
    if until is not None:
        if until < local.date():
            raise RecurrenceError(_("The repetition cannot end before the first date."), field="until")
        parts.append(f"UNTIL={until:%Y%m%d}")
    elif count:
        parts.append(f"COUNT={count}")
    else:
        raise RecurrenceError(_("Say when the repetition ends: a last day or a number of dates."), field="until")
    return normalise_rule(";".join(parts))
