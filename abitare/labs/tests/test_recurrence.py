"""The recurrence core: local wall time across daylight-saving time, exceptions, endless rules."""

from __future__ import annotations

import datetime

import pytest

from abitare.labs.recurrence import (
    ROME,
    ExceptionSpec,
    RecurrenceError,
    all_occurrences,
    compose_rule,
    expand,
    normalise_rule,
    overlaps,
)

TWO_HOURS = datetime.timedelta(hours=2)


def rome(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ROME)


def test_weekly_activity_keeps_18_00_local_across_the_spring_dst_change():
    # Italy moved to summer time on Sunday 29 March 2026.
    occurrences = expand(
        dtstart=rome(2026, 3, 17, 18, 0),
        duration=TWO_HOURS,
        rule="FREQ=WEEKLY;COUNT=4",
        window_start=rome(2026, 3, 1),
        window_end=rome(2026, 5, 1),
    )

    assert [o.start.strftime("%Y-%m-%d %H:%M") for o in occurrences] == [
        "2026-03-17 18:00",
        "2026-03-24 18:00",
        "2026-03-31 18:00",
        "2026-04-07 18:00",
    ]
    assert [o.start.utcoffset() for o in occurrences] == [
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=2),
    ]
    assert [o.start.astimezone(datetime.UTC).hour for o in occurrences] == [17, 17, 16, 16]


def test_weekly_activity_keeps_local_time_across_the_autumn_dst_change():
    occurrences = all_occurrences(
        dtstart=rome(2026, 10, 20, 18, 0), duration=TWO_HOURS, rule="FREQ=WEEKLY;UNTIL=20261110"
    )

    assert [(o.start.day, o.start.hour) for o in occurrences] == [(20, 18), (27, 18), (3, 18), (10, 18)]
    assert occurrences[0].start.utcoffset() == datetime.timedelta(hours=2)
    assert occurrences[-1].start.utcoffset() == datetime.timedelta(hours=1)


def test_an_exception_removes_one_occurrence():
    cancelled = ExceptionSpec(original_start=rome(2026, 3, 24, 18, 0))

    occurrences = expand(
        dtstart=rome(2026, 3, 17, 18, 0),
        duration=TWO_HOURS,
        rule="FREQ=WEEKLY;COUNT=4",
        window_start=rome(2026, 3, 1),
        window_end=rome(2026, 5, 1),
        exceptions=[cancelled],
    )

    assert [o.start.day for o in occurrences] == [17, 31, 7]


def test_a_moved_occurrence_appears_at_its_new_time_even_outside_the_original_window():
    moved = ExceptionSpec(original_start=rome(2026, 3, 31, 18, 0), new_start=rome(2026, 4, 2, 10, 0))

    occurrences = expand(
        dtstart=rome(2026, 3, 17, 18, 0),
        duration=TWO_HOURS,
        rule="FREQ=WEEKLY;COUNT=4",
        window_start=rome(2026, 4, 1),
        window_end=rome(2026, 4, 5),
        exceptions=[moved],
    )

    assert len(occurrences) == 1
    assert occurrences[0].start == rome(2026, 4, 2, 10, 0)
    assert occurrences[0].original_start == rome(2026, 3, 31, 18, 0)
    assert occurrences[0].moved is True


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY", "RRULE:FREQ=DAILY;BYDAY=MO,TU", "FREQ=WEEKLY;INTERVAL=2"])
def test_a_rule_that_never_ends_is_refused(rule):
    with pytest.raises(RecurrenceError) as raised:
        normalise_rule(rule)

    assert raised.value.field == "rrule"
    assert "UNTIL" in str(raised.value.message)


@pytest.mark.parametrize("rule", ["COUNT=3", "FREQ=WEEKLY;COUNT", "FREQ=SOMETIMES;COUNT=3"])
def test_an_invalid_rule_is_refused(rule):
    with pytest.raises(RecurrenceError):
        all_occurrences(dtstart=rome(2026, 3, 17, 18, 0), duration=TWO_HOURS, rule=rule)


def test_a_local_until_is_rewritten_in_utc():
    assert normalise_rule("rrule:freq=weekly;until=20260401T180000") == "FREQ=WEEKLY;UNTIL=20260401T160000Z"


def test_a_one_off_activity_has_one_occurrence():
    occurrences = all_occurrences(dtstart=rome(2026, 5, 1, 9, 0), duration=TWO_HOURS, rule="")

    assert [(o.start, o.end) for o in occurrences] == [(rome(2026, 5, 1, 9, 0), rome(2026, 5, 1, 11, 0))]


def test_too_many_occurrences_are_refused():
    with pytest.raises(RecurrenceError):
        all_occurrences(dtstart=rome(2026, 1, 1, 9, 0), duration=TWO_HOURS, rule="FREQ=HOURLY;COUNT=5000")


def test_overlaps_finds_the_first_clash():
    weekly = all_occurrences(dtstart=rome(2026, 3, 17, 18, 0), duration=TWO_HOURS, rule="FREQ=WEEKLY;COUNT=4")
    clash = all_occurrences(dtstart=rome(2026, 3, 31, 19, 0), duration=TWO_HOURS, rule="")
    after = all_occurrences(dtstart=rome(2026, 3, 31, 20, 0), duration=TWO_HOURS, rule="")

    assert overlaps(weekly, clash) == weekly[2]
    assert overlaps(weekly, after) is None


@pytest.mark.parametrize(
    ("repeat", "weekdays", "until", "count", "expected"),
    [
        ("weekly", [1], None, 20, "FREQ=WEEKLY;BYDAY=TU;COUNT=20"),
        ("weekly", [], None, 4, "FREQ=WEEKLY;BYDAY=TU;COUNT=4"),  # the first date's day
        ("fortnightly", [3, 1], None, 6, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6"),
        ("monthly_weekday", [], None, 10, "FREQ=MONTHLY;BYDAY=2TU;COUNT=10"),
        ("monthly_day", [], None, 3, "FREQ=MONTHLY;BYMONTHDAY=8;COUNT=3"),
        ("weekly", [1], datetime.date(2026, 12, 31), None, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z"),
        ("", [1], None, 3, ""),
    ],
)
def test_the_repetition_in_words_becomes_a_rule(repeat, weekdays, until, count, expected):
    start = datetime.datetime(2026, 12, 8, 17, tzinfo=ROME)  # the second Tuesday of December
    assert compose_rule(repeat=repeat, start=start, weekdays=weekdays, until=until, count=count) == expected


def test_a_last_weekday_of_the_month_and_the_refusals():
    last_tuesday = datetime.datetime(2026, 12, 29, 17, tzinfo=ROME)
    assert compose_rule(repeat="monthly_weekday", start=last_tuesday, count=2) == "FREQ=MONTHLY;BYDAY=-1TU;COUNT=2"
    with pytest.raises(RecurrenceError) as endless:
        compose_rule(repeat="weekly", start=last_tuesday)
    assert endless.value.field == "until"
    with pytest.raises(RecurrenceError) as backwards:
        compose_rule(repeat="weekly", start=last_tuesday, until=datetime.date(2026, 1, 1))
    assert backwards.value.field == "until"
