"""Small hand-built instances: one neighbourhood per letter, one building per neighbourhood unless told."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from abitare.matching.engine.models import Application, Building, Instance, MixLimit, Rules, Unit

RULES = Rules(affordability_exempt_pathways=("erp",))


def unit(uid: str, **kw: Any) -> Unit:
    base = Unit(uid, "B1", "N1", "erp", 3, 100.0, 3, False, False, False, 30_000)
    return replace(base, **kw)


def app(aid: str, priority: float, **kw: Any) -> Application:
    base = Application(aid, 2, "erp", priority, monthly_income=150_000)
    return replace(base, **kw)


def building(bid: str = "B1", nb: str = "N1", *limits: MixLimit, existing: int = 0, counts: Any = ()) -> Building:
    return Building(bid, nb, existing, tuple(counts), tuple(limits))


def instance(
    units: list[Unit],
    apps: list[Application],
    buildings: list[Building] | None = None,
    rules: Rules = RULES,
) -> Instance:
    if buildings is None:
        buildings = [building(b, n) for b, n in sorted({(u.building_id, u.neighbourhood_id) for u in units})]
    return Instance(("N1", "N2", "N3"), tuple(buildings), tuple(units), tuple(apps), rules)


def assignment(result: Any) -> dict[str, str]:
    return {p.unit_id: p.application_id for p in result.proposals}
