"""The budget over time as one Vega-Lite specification (pure: plain rows in, dict out): incomes
and expenses as bars side by side per month, the surplus as a line with points, zero marked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from abitare.finances.selectors import MonthRow

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLOURS = {"incomes": "#008055", "expenses": "#a61919", "surplus": "#0066cc"}


def budget_spec(rows: Iterable[MonthRow], *, labels: dict[str, str], title: str) -> dict[str, Any]:
    """``labels`` names the series and axes in the page's language (incomes, expenses, surplus,
    month, euro)."""
    values = []
    for row in rows:
        month = row.month.strftime("%Y-%m")
        values.append({"month": month, "series": labels["incomes"], "euro": float(row.incomes), "kind": "bar"})
        values.append({"month": month, "series": labels["expenses"], "euro": float(row.expenses), "kind": "bar"})
        values.append({"month": month, "series": labels["surplus"], "euro": float(row.surplus), "kind": "line"})
    series = [labels["incomes"], labels["expenses"], labels["surplus"]]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": series, "range": [COLOURS["incomes"], COLOURS["expenses"], COLOURS["surplus"]]},
        "legend": {"orient": "bottom"},
    }
    x = {"field": "month", "type": "ordinal", "title": labels["month"], "axis": {"labelAngle": 0}}
    y = {"field": "euro", "type": "quantitative", "title": labels["euro"], "axis": {"format": ",.0f"}}
    tooltip = [
        {"field": "month", "type": "ordinal", "title": labels["month"]},
        {"field": "series", "type": "nominal", "title": " "},
        {"field": "euro", "type": "quantitative", "title": labels["euro"], "format": ",.2f"},
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": "container",
        "height": 280,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": values},
        "layer": [
            {
                "transform": [{"filter": {"field": "kind", "equal": "bar"}}],
                "mark": {"type": "bar"},
                "encoding": {"x": x, "xOffset": {"field": "series"}, "y": y, "color": colour, "tooltip": tooltip},
            },
            {
                "transform": [{"filter": {"field": "kind", "equal": "line"}}],
                "mark": {"type": "line", "point": True, "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
            },
            {"mark": {"type": "rule", "color": "#5c6f82"}, "encoding": {"y": {"datum": 0}}},
        ],
    }
