"""The landing page's presentation: figures as people read them, the Vega-Lite bars of their
breakdowns and territory comparisons (pure: figures in, dicts out), and the grouped work list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from abitare.core.extensions import WorkGroup, WorkItem, days_late
from abitare.core.figures import Figure, Number
from abitare.core.money import money

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BAR_COLOUR = "#0066cc"


def shown(value: Number, unit: str) -> str:
    """A figure's value in the active language: euro as money, hours with one decimal."""
    if unit == "euro":
        return money(value)
    if unit == "hours":
        return number_format(Decimal(value).quantize(Decimal("0.1")), 1, use_l10n=True, force_grouping=True)
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def bars_spec(rows: list[tuple[str, float]], *, title: str, axis: str) -> dict[str, Any]:
    """Horizontal bars, one per row (label, value), in the order given."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": "container",
        "height": {"step": 22},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": [{"label": label, "value": value} for label, value in rows]},
        "mark": {"type": "bar", "color": BAR_COLOUR},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "value", "type": "quantitative", "title": axis},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": " "},
                {"field": "value", "type": "quantitative", "title": axis},
            ],
        },
    }


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    value: str
    parts: list[tuple[str, str, str]]
    territories: list[tuple[str, str]]
    chart: dict[str, Any] | None
    comparison: dict[str, Any] | None


def _axis(unit: str) -> str:
    return {"euro": _("euro"), "hours": _("hours"), "days": _("days")}.get(unit, _("number"))


def figure_views(figures: list[Figure]) -> list[FigureView]:
    views = []
    for figure in figures:
        chart = None
        if len(figure.parts) > 1 and any(part.value for part in figure.parts):
            rows = [(str(part.label), float(part.value)) for part in figure.parts]
            chart = bars_spec(rows, title=str(figure.label), axis=_axis(figure.unit))
        comparison = None
        if len(figure.territories) > 1:
            rows = [(name, float(value)) for name, value in figure.territories]
            title = _("%(figure)s by territory") % {"figure": figure.label}
            comparison = bars_spec(rows, title=title, axis=_axis(figure.unit))
        views.append(
            FigureView(
                figure=figure,
                value=shown(figure.value, figure.unit),
                parts=[(str(part.label), shown(part.value, figure.unit), part.url) for part in figure.parts],
                territories=[(name, shown(value, figure.unit)) for name, value in figure.territories],
                chart=chart,
                comparison=comparison,
            )
        )
    return views


@dataclass(frozen=True)
class WorkRow:
    item: WorkItem
    late: int


@dataclass(frozen=True)
class WorkGroupView:
    group: WorkGroup
    rows: list[WorkRow]


def work_groups(groups: list[WorkGroup], *, today: datetime.date) -> list[WorkGroupView]:
    return [WorkGroupView(group, [WorkRow(item, days_late(item, today)) for item in group.items]) for group in groups]
