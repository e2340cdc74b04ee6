"""Explanations: the score parts and constraints at their limit of each proposal, and for a unit,
why each household of higher priority did not get it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from abitare.matching.engine.compiled import Compiled
from abitare.matching.engine.feasibility import (
    effective_max_occupants,
    pair_violations,
    pair_weight,
    preference_rank,
)
from abitare.matching.engine.models import Application, Building, Instance, Proposal, Result, Rules, Unit

AFFORDABILITY_NEAR = Decimal("0.9")
"""A proposal's affordability is "at its limit" above 90 % of the most the household may be asked."""
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Refusal:
    """Why one household did not get the unit.

    ``reason``: ``infeasible`` (``constraints`` names the hard constraints it fails),
    ``better_unit`` (it was housed in ``other_unit_id``, which fits it better), ``housed_elsewhere``
    (housed in ``other_unit_id``, which fits it less well, because the total is higher that way),
    ``mixite`` (giving it this unit would break the building's limits for ``constraints``),
    ``lower_total`` (the chosen household's weight here is at least as high) or ``within_gap``
    (swapping would raise the total: the answer is not proven optimal and the gap says by how much
    at most).
    """

    application_id: str
    priority: float
    reason: str
    constraints: tuple[str, ...] = ()
    other_unit_id: str = ""
    weight_here: float = 0.0
    weight_elsewhere: float = 0.0


def at_limit(unit: Unit, app: Application, rules: Rules) -> list[str]:
    limits = []
    if app.household_size >= effective_max_occupants(unit, rules):
        limits.append("occupants")
    if unit.usable_m2 < rules.min_area(app.household_size + 1):
        limits.append("floor_area")
    if app.pathway not in rules.affordability_exempt_pathways and Decimal(
        unit.monthly_cost
    ) > AFFORDABILITY_NEAR * rules.affordability_share * Decimal(app.monthly_income):
        limits.append("affordability")
    return limits


def mix_state(instance: Instance, assignment: dict[str, str]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per building and group: (members, households) newly housed by ``assignment`` (unit -> application)."""
    units = {u.id: u for u in instance.units}
    apps = {a.id: a for a in instance.applications}
    state: dict[str, dict[str, tuple[int, int]]] = {b.id: {} for b in instance.buildings}
    by_building: dict[str, list[Application]] = {}
    for unit_id, app_id in assignment.items():
        by_building.setdefault(units[unit_id].building_id, []).append(apps[app_id])
    for building in instance.buildings:
        housed = by_building.get(building.id, [])
        for limit in building.limits:
            state[building.id][limit.group] = (sum(a.in_group(limit.group) for a in housed), len(housed))
    return state


def limit_allows(building: Building, group: str, members: int, households: int) -> bool:
    """Whether ``members`` newcomers of ``group`` among ``households`` newcomers respect the
    building's limits for the group, counting its sitting tenants, in exact arithmetic: at most
    ``max_count`` households of the group; households of the group at most ``max_share`` of the
    building as it will be; where the sitting tenants already exceed a limit, no newcomer of the
    group (see ``compiled.MixRow``)."""
    existing = building.existing(group)
    for limit in building.limits:
        if limit.group != group:
            continue
        if limit.max_count is not None and members > max(limit.max_count - existing, 0):
            return False
        share = limit.share()
        if share is None:
            continue
        if existing > share * building.existing_households:
            if members > 0:
                return False
        elif existing + members > share * (building.existing_households + households):
            return False
    return True


def proposals_from(c: Compiled, assignment: list[tuple[int, int]]) -> tuple[Proposal, ...]:
    """The proposals of an assignment of (unit index, application index), by unit id."""
    instance = c.instance
    rules = instance.rules
    ids = {c.units[u].id: c.apps[a].id for u, a in assignment}
    state = mix_state(instance, ids)
    buildings = {b.id: b for b in instance.buildings}
    out = []
    for u, a in sorted(assignment):
        unit, app = c.units[u], c.apps[a]
        building = buildings[unit.building_id]
        limits = at_limit(unit, app, rules)
        for group, (members, households) in state[building.id].items():
            if not limit_allows(building, group, members + 1, households + 1):
                limits.append(f"mixite:{group}")
        rank = preference_rank(unit, app)
        out.append(
            Proposal(
                unit_id=unit.id,
                application_id=app.id,
                priority=app.priority,
                preference_rank=rank,
                preference_bonus=rules.bonus(rank),
                weight=pair_weight(unit, app, rules),
                at_limit=tuple(dict.fromkeys(limits)),
            )
        )
    return tuple(out)


def explain_unit(instance: Instance, result: Result, unit_id: str, *, limit: int | None = None) -> list[Refusal]:
    """For ``unit_id``, every household of higher priority than the one proposed (every household
    when the unit stays vacant), best priority first, with the reason it did not get the unit."""
    rules = instance.rules
    units = {u.id: u for u in instance.units}
    unit = units[unit_id]
    building = next(b for b in instance.buildings if b.id == unit.building_id)
    assignment = {p.unit_id: p.application_id for p in result.proposals}
    apps = {a.id: a for a in instance.applications}
    # A household placed through any of its applications is housed (with that application).
    housed_in = {apps[a].household: (u, apps[a]) for u, a in assignment.items() if a in apps}
    current = apps.get(assignment.get(unit_id, ""))
    floor = current.priority if current else -np.inf
    current_weight = pair_weight(unit, current, rules) if current else 0.0
    state = mix_state(instance, assignment)[building.id]
    others = sorted((a for a in instance.applications if a.priority > floor), key=lambda a: (-a.priority, a.id))
    return [
        _refusal(unit, app, current, current_weight, building, state, units, housed_in, rules) for app in others[:limit]
    ]


def _refusal(
    unit: Unit,
    app: Application,
    current: Application | None,
    current_weight: float,
    building: Building,
    state: dict[str, tuple[int, int]],
    units: dict[str, Unit],
    housed_in: dict[str, tuple[str, Application]],
    rules: Rules,
) -> Refusal:
    failed = pair_violations(unit, app, rules)
    if failed:
        return Refusal(app.id, app.priority, "infeasible", tuple(failed))
    here = pair_weight(unit, app, rules)
    if app.household in housed_in:
        other_id, holding = housed_in[app.household]
        other = units[other_id]
        there = pair_weight(other, holding, rules)
        reason = "better_unit" if there >= here else "housed_elsewhere"
        return Refusal(app.id, app.priority, reason, (), other.id, here, there)
    blocked = []
    for group, (members, households) in state.items():
        swap = int(app.in_group(group)) - int(current.in_group(group) if current else 0)
        added = 0 if current else 1
        if not limit_allows(building, group, members + swap, households + added):
            blocked.append(group)
    if blocked:
        return Refusal(app.id, app.priority, "mixite", tuple(blocked), "", here, current_weight)
    reason = "lower_total" if here <= current_weight + TOLERANCE else "within_gap"
    return Refusal(app.id, app.priority, reason, (), "", here, current_weight)
