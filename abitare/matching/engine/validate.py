"""An independent check of any allocation against every hard constraint, written on the plain
dataclasses (not on the solver's arrays) so that it cross-checks the optimiser."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from abitare.matching.engine.explain import limit_allows, mix_state
from abitare.matching.engine.feasibility import pair_violations
from abitare.matching.engine.models import Instance


@dataclass(frozen=True)
class Violation:
    constraint: str
    """A name from ``feasibility.PAIR_CONSTRAINTS``, ``mixite``, ``unit_twice``, ``household_twice``
    (a household with two units, through one application or two) or ``unknown``."""
    unit_id: str
    application_id: str
    detail: str = ""


def violations(instance: Instance, assignment: Iterable[tuple[str, str]]) -> list[Violation]:
    """Every broken hard constraint of ``assignment``, a list of (unit id, application id)."""
    units = {u.id: u for u in instance.units}
    apps = {a.id: a for a in instance.applications}
    found: list[Violation] = []
    seen_units: set[str] = set()
    seen_households: set[str] = set()
    accepted: dict[str, str] = {}
    for unit_id, app_id in assignment:
        if unit_id not in units or app_id not in apps:
            found.append(Violation("unknown", unit_id, app_id))
            continue
        if unit_id in seen_units:
            found.append(Violation("unit_twice", unit_id, app_id))
        household = apps[app_id].household
        if household in seen_households:
            found.append(Violation("household_twice", unit_id, app_id))
        seen_units.add(unit_id)
        seen_households.add(household)
        accepted[unit_id] = app_id
        found.extend(
            Violation(name, unit_id, app_id) for name in pair_violations(units[unit_id], apps[app_id], instance.rules)
        )
    state = mix_state(instance, accepted)
    for building in instance.buildings:
        for group, (members, households) in state[building.id].items():
            if not limit_allows(building, group, members, households):
                detail = f"{members} of {households} newcomers in group {group}"
                found.append(Violation("mixite", building.id, "", detail))
    return found
