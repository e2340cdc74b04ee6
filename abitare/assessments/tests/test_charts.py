"""The plane's Vega-Lite specification is built from plain data and renders to SVG."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.assessments.charts import Step, Texts, Trajectory, plane_spec, plane_svg
from abitare.assessments.scoring import Thresholds

TEXTS = Texts(
    title="Plane",
    resources="Resources",
    potential="Potential",
    date="Date",
    pathway="Pathway",
    household="Household",
    area="Area",
    description="desc",
    pathways={"agreed_rent": "Agreed rent", "market_orientation": "Market"},
    quadrants={"hr_hp": "Market", "hr_lp": "Agreed rent", "lr_hp": "Service", "lr_lp": "Reception"},
    areas={10: "San Vito", 11: "Centro"},
    household_label=("Household ", ""),
    household_url=("http://example.test/h/", "/"),
)


def _step(month, x, y, pathway="agreed_rent"):
    return Step(datetime.date(2025, month, 1), float(x), float(y), pathway)


def _layers(spec, mark):
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def test_one_compact_point_per_household_at_its_latest_step():
    spec = plane_spec(
        [
            Trajectory(1, 10, [_step(1, 20, 30), _step(7, 60, 70, "market_orientation")]),
            Trajectory(2, 11, [_step(3, 10, 90)]),
        ],
        thresholds=Thresholds(),
        texts=TEXTS,
    )
    latest = spec["layer"][-1]
    assert latest["encoding"]["href"] == {"field": "url"}
    assert latest["data"]["values"] == [
        {"i": 1, "a": 10, "x": 60.0, "y": 70.0, "d": "2025-07-01", "p": "market_orientation"},
        {"i": 2, "a": 11, "x": 10.0, "y": 90.0, "d": "2025-03-01", "p": "agreed_rent"},
    ]
    calculations = {step["as"]: step["calculate"] for step in latest["transform"] if "calculate" in step}
    assert calculations == {
        "household": '"Household " + datum.i + ""',
        "url": '"http://example.test/h/" + datum.i + "/"',
    }
    assert spec["width"] == spec["height"]


def test_each_step_between_assessments_is_an_arrow_pointing_the_way_the_household_moved():
    spec = plane_spec(
        [Trajectory(1, 10, [_step(1, 20, 20), _step(6, 20, 60), _step(12, 60, 60)])],
        thresholds=Thresholds(),
        texts=TEXTS,
    )
    segments = _layers(spec, "rule")[-1]["data"]["values"]
    assert segments == [{"x": 20.0, "y": 20.0, "x2": 20.0, "y2": 60.0}, {"x": 20.0, "y": 60.0, "x2": 60.0, "y2": 60.0}]
    heads = _layers(spec, "point")[0]["data"]["values"]
    assert [round(head["angle"]) for head in heads] == [0, 90]  # up, then right


def test_without_paths_only_the_latest_points_are_drawn():
    spec = plane_spec(
        [Trajectory(1, 10, [_step(1, 20, 20), _step(6, 20, 60)])],
        thresholds=Thresholds(),
        texts=TEXTS,
        with_paths=False,
    )
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "rule", "text", "text", "circle"]


def test_the_threshold_lines_follow_the_territorys_thresholds():
    spec = plane_spec([], thresholds=Thresholds(Decimal(60), Decimal(40)), texts=TEXTS)
    rules = _layers(spec, "rule")
    assert rules[0]["data"]["values"] == [{"x": 60.0}]
    assert rules[1]["data"]["values"] == [{"y": 40.0}]
    labels = [row["label"] for layer in _layers(spec, "text") for row in layer["data"]["values"]]
    assert sorted(labels) == ["Agreed rent", "Market", "Reception", "Service"]


def test_the_same_spec_renders_to_svg_with_the_points_labels_and_links():
    spec = plane_spec(
        [Trajectory(7, 10, [_step(1, 40, 40), _step(7, 70, 80)])],
        thresholds=Thresholds(),
        texts=TEXTS,
    )
    svg = plane_svg(spec)
    assert svg.startswith("<svg")
    assert 'xlink:href="http://example.test/h/7/"' in svg
    assert 'aria-label="Household 7"' in svg
