"""Picking another household for a unit: which applications of a round could take the unit in
place of the proposed one without breaking any hard constraint (docs/modules/matching-engine.md, 1-7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from abitare.matching.engine.explain import at_limit, limit_allows, mix_state
from abitare.matching.engine.feasibility import pair_violations, pair_weight, preference_rank
from abitare.matching.engine.models import Instance


@dataclass(frozen=True)
class Candidate:
    """One application considered for the unit.

    ``blocked_by`` is empty when the household may take the unit; otherwise it names what forbids
    it: a constraint of ``feasibility.PAIR_CONSTRAINTS``, ``mixite:<group>``, ``proposed_elsewhere``
    (its household already has a live proposal in the round, through this application or another)
    or a reason given by the caller in ``unavailable``.
    """

    application_id: str
    priority: float
    blocked_by: tuple[str, ...]
    preference_rank: int | None
    preference_bonus: float
    weight: float
    at_limit: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        return not self.blocked_by


def replacement_candidates(
    instance: Instance,
    assignment: Mapping[str, str],
    unit_id: str,
    *,
    unavailable: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """Every application of ``instance`` for ``unit_id``, highest priority first.

    ``assignment`` (unit id -> application id) is the round's live proposals; the unit's own entry
    is ignored, since the candidate would replace it. Mixité is checked on the unit's building
    with the candidate in place of the proposed household. ``unavailable`` maps application ids
    to a reason they cannot be chosen today (e.g. no longer eligible).
    """
    rules = instance.rules
    units = {u.id: u for u in instance.units}
    unit = units[unit_id]
    building = next(b for b in instance.buildings if b.id == unit.building_id)
    others = {u: a for u, a in assignment.items() if u != unit_id and u in units}
    by_id = {a.id: a for a in instance.applications}
    # A household has one live proposal at most, whichever of its applications carries it.
    proposed = {by_id[a].household for a in others.values() if a in by_id}
    unavailable = unavailable or {}
    out = []
    for app in sorted(instance.applications, key=lambda a: (-a.priority, a.id)):
        blocked: list[str] = []
        if app.id in unavailable:
            blocked.append(unavailable[app.id])
        if app.household in proposed:
            blocked.append("proposed_elsewhere")
        blocked.extend(pair_violations(unit, app, rules))
        near: list[str] = []
        # A household already proposed another unit cannot be in two places: no mix to check.
        state = {} if app.household in proposed else mix_state(instance, {**others, unit_id: app.id})[building.id]
        for group, (members, households) in state.items():
            if not limit_allows(building, group, members, households):
                blocked.append(f"mixite:{group}")
            elif not limit_allows(building, group, members + 1, households + 1):
                near.append(f"mixite:{group}")
        rank = preference_rank(unit, app)
        out.append(
            Candidate(
                application_id=app.id,
                priority=app.priority,
                blocked_by=tuple(dict.fromkeys(blocked)),
                preference_rank=rank,
                preference_bonus=rules.bonus(rank),
                weight=pair_weight(unit, app, rules),
                at_limit=tuple(dict.fromkeys([*at_limit(unit, app, rules), *near])),
            )
        )
    return out
