"""The resources x potential plane as one Vega-Lite specification (pure: plain data in, dict out).

The same dict is embedded in the page (vega-embed) and turned into SVG for PDF reports
(:func:`plane_svg`, vl-convert), so the browser and the paper cannot drift apart.
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from abitare.assessments.scoring import Pathway, Quadrant, Thresholds

VEGA_LITE_VERSION = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
SIZE = 520
# Where along a step the arrowhead sits: past the middle, clear of both points.
ARROW_AT = 0.6
# One colour per pathway (colour-blind safe, Okabe-Ito), always in this order.
PATHWAY_COLOURS: Mapping[str, str] = {
    Pathway.MARKET_ORIENTATION: "#0072B2",
    Pathway.AGREED_RENT: "#009E73",
    Pathway.SERVICE_CONTRACT: "#E69F00",
    Pathway.RECEPTION_HOUSE: "#D55E00",
    Pathway.DOPO_DI_NOI: "#CC79A7",
}


class Step(NamedTuple):
    """One assessment as the chart sees it."""

    assessed_on: datetime.date
    resources: float
    potential: float
    pathway: str


class StepLike(Protocol):
    """Anything with a step's four fields (the selector's rows are used as they are)."""

    @property
    def assessed_on(self) -> datetime.date: ...
    @property
    def resources(self) -> float: ...
    @property
    def potential(self) -> float: ...
    @property
    def pathway(self) -> str: ...


class Trajectory(NamedTuple):
    """A household's assessments in date order, and the area (territory id) it was assessed in."""

    household_id: int
    area_id: int
    steps: Sequence[StepLike]


@dataclass(frozen=True)
class Texts:
    """Everything the chart writes, already translated by the caller."""

    title: str
    resources: str
    potential: str
    date: str
    pathway: str
    household: str
    area: str
    description: str
    pathways: Mapping[str, str]  # pathway code -> label
    quadrants: Mapping[str, str]  # quadrant code -> label written in the quadrant
    areas: Mapping[int, str]  # territory id -> name
    household_label: tuple[str, str]  # the text before and after the household's number
    household_url: tuple[str, str]  # the link before and after the household's number


def _heading(dx: float, dy: float) -> float:
    """Clockwise degrees from "up" of a step on a square plot (triangle-up points along it)."""
    return math.degrees(math.atan2(dx, dy)) % 360


def _point(household_id: int, area_id: int, step: StepLike) -> dict[str, Any]:
    # Short keys: a district sends ten thousand of these; labels and links are joined in the chart.
    return {
        "i": household_id,
        "a": area_id,
        "x": step.resources,
        "y": step.potential,
        "d": step.assessed_on.isoformat(),
        "p": step.pathway,
    }


def _data(trajectories: Sequence[Trajectory], *, with_paths: bool) -> tuple[list[dict[str, Any]], ...]:
    latest: list[dict[str, Any]] = []
    earlier: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []
    for trajectory in trajectories:
        steps = trajectory.steps
        if not steps:
            continue
        latest.append(_point(trajectory.household_id, trajectory.area_id, steps[-1]))
        if not with_paths:
            continue
        earlier.extend(_point(trajectory.household_id, trajectory.area_id, step) for step in steps[:-1])
        for before, after in itertools.pairwise(steps):
            x0, y0, x, y = before.resources, before.potential, after.resources, after.potential
            segments.append({"x": x0, "y": y0, "x2": x, "y2": y})
            if (x, y) != (x0, y0):
                heads.append(
                    {"x": x0 + (x - x0) * ARROW_AT, "y": y0 + (y - y0) * ARROW_AT, "angle": _heading(x - x0, y - y0)}
                )
    return latest, earlier, segments, heads


def _quadrant_labels(thresholds: Thresholds, texts: Texts) -> list[dict[str, Any]]:
    t_res, t_pot = float(thresholds.resources), float(thresholds.potential)
    corners = {
        Quadrant.LOW_RESOURCES_HIGH_POTENTIAL: (t_res / 2, 98.0),
        Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL: ((t_res + 100) / 2, 98.0),
        Quadrant.LOW_RESOURCES_LOW_POTENTIAL: (t_res / 2, 2.0),
        Quadrant.HIGH_RESOURCES_LOW_POTENTIAL: ((t_res + 100) / 2, 2.0),
    }
    return [
        {"x": x, "y": y, "label": texts.quadrants.get(quadrant, ""), "top": y > t_pot}
        for quadrant, (x, y) in corners.items()
    ]


def _joins(texts: Texts) -> list[dict[str, Any]]:
    """Transforms that turn a compact point into its labels and link (Vega expressions, no eval)."""
    before_label, after_label = (json.dumps(part) for part in texts.household_label)
    before_url, after_url = (json.dumps(part) for part in texts.household_url)
    return [
        {
            "lookup": "p",
            "from": {
                "data": {"values": [{"p": code, "pathway": label} for code, label in texts.pathways.items()]},
                "key": "p",
                "fields": ["pathway"],
            },
        },
        {
            "lookup": "a",
            "from": {
                "data": {"values": [{"a": pk, "area": name} for pk, name in texts.areas.items()]},
                "key": "a",
                "fields": ["area"],
            },
        },
        {"calculate": f"{before_label} + datum.i + {after_label}", "as": "household"},
        {"calculate": f"{before_url} + datum.i + {after_url}", "as": "url"},
    ]


def plane_spec(
    trajectories: Sequence[Trajectory],
    *,
    thresholds: Thresholds,
    texts: Texts,
    with_paths: bool = True,
    size: int = SIZE,
) -> dict[str, Any]:
    """The plane: latest points coloured by pathway and linked to the household; with ``with_paths``,
    earlier points and an arrow for each step of each household's trajectory; the threshold lines
    and the pathway of each quadrant."""
    latest, earlier, segments, heads = _data(trajectories, with_paths=with_paths)
    axis_scale = {"domain": [0, 100], "nice": False, "zero": True}
    x_axis = {"field": "x", "type": "quantitative", "scale": axis_scale, "title": texts.resources}
    y_axis = {"field": "y", "type": "quantitative", "scale": axis_scale, "title": texts.potential}
    pathway_domain = [texts.pathways.get(code, code) for code in PATHWAY_COLOURS]
    colour = {
        "field": "pathway",
        "type": "nominal",
        "title": texts.pathway,
        "scale": {"domain": pathway_domain, "range": list(PATHWAY_COLOURS.values())},
        "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
    }
    tooltip = [
        {"field": "household", "title": texts.household},
        {"field": "area", "title": texts.area},
        {"field": "d", "title": texts.date},
        {"field": "x", "title": texts.resources, "format": ".1f"},
        {"field": "y", "title": texts.potential, "format": ".1f"},
        {"field": "pathway", "title": texts.pathway},
    ]
    dashed = {"type": "rule", "strokeDash": [6, 4], "color": "#5c6f82"}
    labels = _quadrant_labels(thresholds, texts)
    text_mark = {"type": "text", "fontSize": 11, "color": "#30373d", "fontWeight": "bold"}
    layers: list[dict[str, Any]] = [
        {"data": {"values": [{"x": float(thresholds.resources)}]}, "mark": dashed, "encoding": {"x": x_axis}},
        {"data": {"values": [{"y": float(thresholds.potential)}]}, "mark": dashed, "encoding": {"y": y_axis}},
        {
            "data": {"values": [row for row in labels if row["top"]]},
            "mark": {**text_mark, "baseline": "top"},
            "encoding": {"x": x_axis, "y": y_axis, "text": {"field": "label"}},
        },
        {
            "data": {"values": [row for row in labels if not row["top"]]},
            "mark": {**text_mark, "baseline": "bottom"},
            "encoding": {"x": x_axis, "y": y_axis, "text": {"field": "label"}},
        },
    ]
    if segments:
        layers.append(
            {
                "data": {"values": segments},
                "mark": {"type": "rule", "color": "#768594", "opacity": 0.6, "strokeWidth": 1.2},
                "encoding": {"x": x_axis, "y": y_axis, "x2": {"field": "x2"}, "y2": {"field": "y2"}},
            }
        )
        layers.append(
            {
                "data": {"values": heads},
                "mark": {"type": "point", "shape": "triangle-up", "filled": True, "color": "#5c6f82", "size": 70},
                "encoding": {
                    "x": x_axis,
                    "y": y_axis,
                    "angle": {"field": "angle", "type": "quantitative", "scale": None},
                },
            }
        )
    if earlier:
        layers.append(
            {
                "data": {"values": earlier},
                "transform": _joins(texts),
                "mark": {"type": "circle", "opacity": 0.45, "size": 30},
                "encoding": {"x": x_axis, "y": y_axis, "color": colour, "tooltip": tooltip},
            }
        )
    layers.append(
        {
            "data": {"values": latest},
            "transform": _joins(texts),
            "mark": {
                "type": "circle",
                "opacity": 0.95,
                "size": 90,
                "stroke": "#ffffff",
                "strokeWidth": 1,
                "cursor": "pointer",
            },
            "encoding": {
                "x": x_axis,
                "y": y_axis,
                "color": colour,
                "href": {"field": "url"},
                "tooltip": tooltip,
                "description": {"field": "household"},
            },
        }
    )
    return {
        "$schema": SCHEMA,
        "title": texts.title,
        "description": texts.description,
        "width": size,
        "height": size,
        "background": "#ffffff",
        "config": {"font": "Titillium Web, Geneva, Tahoma, sans-serif", "view": {"stroke": "#c5c7c9"}},
        "layer": layers,
    }


def plane_svg(spec: Mapping[str, Any]) -> str:
    """The same specification rendered to SVG (vl-convert: no browser, no network)."""
    import vl_convert  # noqa: PLC0415 - a large native library, loaded only when an SVG is drawn

    svg: str = vl_convert.vegalite_to_svg(dict(spec), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    return svg
