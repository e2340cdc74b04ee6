"""The pure capacity core against a night-by-night count."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from abitare.hosting.capacity import Period, Stay, free_beds, peak_guests, within_availability

D0 = datetime.date(2026, 1, 1)


def d(n):
    return D0 + datetime.timedelta(days=n)


stays = st.lists(
    st.tuples(st.integers(1, 4), st.integers(0, 30), st.integers(1, 15)).map(
        lambda t: Stay(guests=t[0], start=d(t[1]), end=d(t[1] + t[2]))
    ),
    max_size=8,
)


def night_by_night(items, start, end):
    nights = [start + datetime.timedelta(days=i) for i in range((end - start).days)]
    return max((sum(s.guests for s in items if s.start <= n < s.end) for n in nights), default=0)


@given(stays, st.integers(0, 40), st.integers(1, 20))
def test_peak_equals_the_night_by_night_count(items, first, length):
    assert peak_guests(items, d(first), d(first + length)) == night_by_night(items, d(first), d(first + length))


@given(stays, st.integers(1, 6), st.integers(0, 40), st.integers(1, 20))
def test_free_beds_never_negative_and_fit_capacity(items, capacity, first, length):
    free = free_beds(capacity, items, d(first), d(first + length))
    assert 0 <= free <= capacity


def test_the_bed_is_free_on_the_night_the_guests_leave():
    first = Stay(guests=2, start=d(0), end=d(5))
    assert peak_guests([first], d(5), d(8)) == 0
    assert free_beds(2, [first], d(4), d(6)) == 0


def test_availability_covers_every_night_of_the_stay():
    periods = [Period(d(0), d(9)), Period(d(10), d(20)), Period(d(25), d(30))]
    assert within_availability(periods, d(0), d(10))  # last night d(9)
    assert within_availability(periods, d(5), d(12))  # two periods that touch are one stretch
    assert not within_availability(periods, d(18), d(26))  # nights 21-24 are not offered
    assert not within_availability(periods, d(-1), d(3))
    assert within_availability(periods, d(25), d(31))
    assert not within_availability(periods, d(25), d(32))


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=6), st.integers(0, 50), st.integers(1, 10))
def test_availability_equals_the_night_by_night_check(raw, first, length):
    periods = [Period(d(a), d(a + b)) for a, b in raw]
    nights = [d(first + i) for i in range(length)]
    expected = all(any(p.start <= n <= p.end for p in periods) for n in nights)
    assert within_availability(periods, d(first), d(first + length)) == expected
