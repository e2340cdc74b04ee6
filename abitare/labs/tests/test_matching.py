"""Matching a help request to offers, and distances: pure functions over plain data."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from abitare.labs import geo, matching
from abitare.labs.matching import Need

T = datetime.time
HERE = "/1/2/3/"
SIBLING = "/1/2/4/"
ELSEWHERE = "/1/9/5/"


def need(key, kind="swap", where=HERE, days=(), time_from=None, time_to=None):
    return Need(key, kind, where, frozenset(days), time_from, time_to)


def test_same_kind_neighbourhood_and_hours_fit():
    request = need(1, days=[2], time_from=T(10), time_to=T(12))
    offer = need(7, days=[1, 2], time_from=T(11), time_to=T(13))

    assert matching.fits(request, offer) == matching.Match(7, 2, 1, 60)


def test_other_kind_other_district_no_common_day_or_hour_do_not_fit():
    request = need(1, days=[2], time_from=T(10), time_to=T(12))

    assert matching.fits(request, need(2, kind="after_school")) is None
    assert matching.fits(request, need(3, where=ELSEWHERE)) is None
    assert matching.fits(request, need(4, days=[5])) is None
    assert matching.fits(request, need(5, time_from=T(12), time_to=T(14))) is None


def test_a_side_without_days_or_hours_is_flexible():
    request = need(1, days=[2], time_from=T(10), time_to=T(12))

    assert matching.fits(request, need(2)) == matching.Match(2, 2, 0, None)


def test_ranking_same_neighbourhood_first_then_shared_days_then_hours():
    request = need(1, days=[1, 2], time_from=T(9), time_to=T(12))
    offers = [
        need(10, where=SIBLING, days=[1, 2], time_from=T(9), time_to=T(12)),
        need(11, days=[1], time_from=T(9), time_to=T(10)),
        need(12, days=[1, 2], time_from=T(11), time_to=T(12)),
        need(13, days=[1, 2], time_from=T(9), time_to=T(12)),
        need(14, kind="other"),
    ]

    assert [m.offer_key for m in matching.match_offers(request, offers)] == [13, 12, 11, 10]


def test_weekdays_parse_and_format():
    assert matching.parse_weekdays("0, 2,4,x,9") == frozenset({0, 2, 4})
    assert matching.format_weekdays([4, 0, 2, 2]) == "0,2,4"


paths = st.sampled_from([HERE, SIBLING, ELSEWHERE])
days = st.frozensets(st.integers(0, 6), max_size=7)
kinds = st.sampled_from(["swap", "after_school"])


@given(kinds, paths, days, kinds, paths, days)
def test_every_match_is_of_the_same_kind_in_the_same_municipality_with_a_common_day(k1, p1, d1, k2, p2, d2):
    request, offer = Need(1, k1, p1, d1), Need(2, k2, p2, d2)

    match = matching.fits(request, offer)

    if match is not None:
        assert k1 == k2
        assert p1.rsplit("/", 2)[0] == p2.rsplit("/", 2)[0]
        assert not d1 or not d2 or d1 & d2


def test_haversine_known_distances():
    lucca = geo.Point(43.8430, 10.5050)
    pisa = geo.Point(43.7228, 10.4017)

    assert round(geo.haversine_km(lucca, pisa), 1) == 15.7
    assert geo.haversine_km(lucca, lucca) == 0


def test_nearest_orders_by_distance_leaves_out_unknown_and_far():
    origin = geo.Point(45.0, 9.0)
    candidates = [("far", geo.Point(46.0, 9.0)), ("near", geo.Point(45.01, 9.0)), ("unknown", None)]

    assert [key for key, _km in geo.nearest(origin, candidates)] == ["near", "far"]
    assert [key for key, _km in geo.nearest(origin, candidates, within_km=5)] == ["near"]
    assert geo.centre([geo.Point(1, 1), geo.Point(3, 5)]) == geo.Point(2, 3)
    assert geo.centre([]) is None


@given(st.floats(-80, 80), st.floats(-179, 179), st.floats(-80, 80), st.floats(-179, 179))
def test_haversine_is_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    a, b = geo.Point(lat1, lon1), geo.Point(lat2, lon2)

    assert abs(geo.haversine_km(a, b) - geo.haversine_km(b, a)) < 1e-6
    assert 0 <= geo.haversine_km(a, b) <= 20016
