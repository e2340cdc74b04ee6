"""What a matching round reads: the snapshot of its inputs, taken once when it starts.

The snapshot is the engine's JSON instance over the available units and eligible applications of
one side (the actor's organisation and territory) or both sides of a joint round, each application
with the evaluation of its own territory's rules and each unit with its building's mix limits,
plus the rule versions used, so a round can be re-explained and re-computed from itself alone."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.assessments.models import Assessment
from abitare.assessments.scoring import Pathway, Quadrant
from abitare.housing.models import Building, Unit
from abitare.matching import engine
from abitare.matching.engine import instance_io
from abitare.matching.models import Allocation, Application, RuleSet
from abitare.matching.services.applications import rule_sets_in_force
from abitare.registry.models import Disability, HouseholdMember

SOLVE_SECONDS = 30.0
"""The engine's time limit for a round; beyond it the answer carries its proven gap."""
ELDERLY_AGE = 65
YOUNG_AGE = 30
"""A household is ``young`` when every member is under this age (docs/sources.md#priority-and-mix)."""
QUADRANT_GROUP = {
    Quadrant.LOW_RESOURCES_LOW_POTENTIAL.value: "low_low",
    Quadrant.LOW_RESOURCES_HIGH_POTENTIAL.value: "low_high",
    Quadrant.HIGH_RESOURCES_LOW_POTENTIAL.value: "high_low",
    Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL.value: "high_high",
}
"""Assessment quadrants (resources x potential) as the engine names them."""
CENTS = Decimal(100)
DEFAULT_REGIMES = {
    Pathway.AGREED_RENT.value: engine.FIT,
    Pathway.SERVICE_CONTRACT.value: engine.FIT,
    Pathway.DOPO_DI_NOI.value: engine.FIT,
}
"""Discretionary pathways are optimised for fit (every rank inversion listed for the commission);
every other pathway, public housing first, is rank respecting unless its priority rule set says
otherwise (``RuleSet.regime``)."""


def _cents(amount: Decimal) -> int:
    return int((Decimal(amount) * CENTS).to_integral_value())


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _mix_limits(building: Building) -> tuple[engine.MixLimit, ...]:
    limits = []
    if building.max_low_low_share is not None:
        limits.append(engine.MixLimit("low_low", max_share=Decimal(building.max_low_low_share)))
    for group, count in (
        ("elderly", building.max_elderly),
        ("young", building.max_young),
        ("disability", building.max_disability),
    ):
        if count is not None:
            limits.append(engine.MixLimit(group, max_count=count))
    return tuple(limits)


def _household_facts(household_ids: list[int], on: datetime.date) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Mix tags (elderly, young, disability) and the latest quadrant of each household."""
    members = HouseholdMember.objects.filter(household_id__in=household_ids, end_date__isnull=True).values_list(
        "household_id", "person_id", "person__birth_date"
    )
    ages: dict[int, list[int]] = {}
    persons: dict[int, int] = {}
    for household_id, person_id, born in members:
        ages.setdefault(household_id, []).append(_age(born, on))
        persons[person_id] = household_id
    recorded = Disability.objects.filter(person_id__in=persons).values_list("person_id", flat=True)
    disabled = {persons[p] for p in recorded}
    groups: dict[int, list[str]] = {}
    for household_id in household_ids:
        own = ages.get(household_id, [])
        tags = []
        if any(age >= ELDERLY_AGE for age in own):
            tags.append("elderly")
        if own and all(age < YOUNG_AGE for age in own):
            tags.append("young")
        if household_id in disabled:
            tags.append("disability")
        groups[household_id] = tags
    latest = Assessment.objects.filter(household_id__in=household_ids, is_latest=True)
    quadrants = dict(latest.values_list("household_id", "quadrant"))
    return groups, {h: QUADRANT_GROUP.get(q, "") for h, q in quadrants.items()}


def _rule_set_version(rule_set_id: int) -> dict[str, Any] | None:
    rule_set = RuleSet.objects.filter(pk=rule_set_id).prefetch_related("rules").first()
    if rule_set is None:
        return None
    rules = [
        [r.code, r.fact, r.operator, str(r.threshold), str(r.points), r.per_unit, str(r.cap)]
        for r in rule_set.rules.all()
    ]
    digest = hashlib.sha256(json.dumps(rules).encode()).hexdigest()[:16]
    return {
        "id": rule_set.pk,
        "kind": rule_set.kind,
        "name": rule_set.name,
        "updated_at": rule_set.updated_at.isoformat(),
        "rules_digest": digest,
    }


def _housed(household_ids: set[int]) -> set[int]:
    """Households with an active tenancy (or an accepted offer whose tenancy is not yet entered)."""
    allocated = Allocation.objects.filter(household_id__in=household_ids, ended_on__isnull=True)
    # Tenancies are read through the unit (housing's reverse relation): matching may not import them.
    renting = Unit.objects.filter(tenancies__status="active", tenancies__household_id__in=household_ids)
    return set(allocated.values_list("household_id", flat=True)) | set(
        renting.values_list("tenancies__household_id", flat=True)
    )


def _sitting_tenants(building_ids: set[int], on: datetime.date) -> dict[int, tuple[int, tuple[tuple[str, int], ...]]]:
    """Per building, the households living there (active tenancies, accepted offers) and how many
    of them are in each mix group, so that limits apply to the building as it will be."""
    homes: dict[int, int] = {}
    renting = Unit.objects.filter(building_id__in=building_ids, tenancies__status="active").exclude(
        state=Unit.State.VACATING
    )
    homes.update(renting.values_list("tenancies__household_id", "building_id"))
    allocated = Allocation.objects.filter(unit__building_id__in=building_ids, ended_on__isnull=True).exclude(
        unit__state=Unit.State.VACATING
    )
    homes.update(allocated.values_list("household_id", "unit__building_id"))
    groups, quadrants = _household_facts(list(homes), on)
    out: dict[int, tuple[int, tuple[tuple[str, int], ...]]] = {}
    for building_id in building_ids:
        living = [h for h, b in homes.items() if b == building_id]
        counts: dict[str, int] = {}
        for household in living:
            for group in {*groups.get(household, []), quadrants.get(household, "")} - {""}:
                counts[group] = counts.get(group, 0) + 1
        out[building_id] = (len(living), tuple(sorted(counts.items())))
    return out


def _regimes(territory_id: int, pathways: set[str], on: datetime.date) -> tuple[tuple[str, str], ...]:
    """The regime of each pathway: its priority rule set's, else the pathway's default."""
    territory = Territory.objects.get(pk=territory_id)
    out = []
    for pathway in sorted(pathways):
        rule_set = rule_sets_in_force(territory=territory, pathway=pathway, on=on, kind=RuleSet.Kind.PRIORITY)
        regime = rule_set.regime if rule_set is not None and rule_set.regime else ""
        out.append((pathway, regime or DEFAULT_REGIMES.get(pathway, engine.RANK_RESPECTING)))
    return tuple(out)


@dataclass(frozen=True)
class Side:
    """One organisation's part of a round: its records in a territory and everything below it."""

    organisation_id: int
    territory_path: str

    def units(self) -> Q:
        return Q(
            building__organisation_id=self.organisation_id, building__territory__path__startswith=self.territory_path
        )

    def applications(self) -> Q:
        return Q(organisation_id=self.organisation_id, territory__path__startswith=self.territory_path)


def round_snapshot(sides: list[Side], on: datetime.date, territory_id: int) -> tuple[dict[str, Any], str]:
    """The engine instance over the sides (the actor's scope, or both districts of a joint round)
    and what else a round keeps; the reason when empty."""
    joint = len(sides) > 1
    units_q, applications_q = Q(pk__in=[]), Q(pk__in=[])
    for side in sides:
        units_q |= side.units()
        applications_q |= side.applications()
    available = Unit.objects.filter(units_q, state=Unit.State.AVAILABLE)
    # The engine matches a unit to the applications of its pathway: a unit with none earmarked
    # cannot be proposed and is only counted.
    without_pathway = available.filter(earmarked_pathway="").count()
    units = list(available.exclude(earmarked_pathway="").select_related("building").order_by("pk"))
    applications = list(
        Application.objects.filter(applications_q, status=Application.Status.ELIGIBLE)
        .exclude(suspended_until__gte=on)  # left out after an unjustified refusal (services/offers.py)
        .prefetch_related("preferences", "excluded")
        .select_related("household")
        .order_by("pk")
    )
    if not units:
        if joint:
            return {}, str(_("No available unit with an earmarked pathway in the two districts."))
        return {}, str(_("No available unit with an earmarked pathway in your territory."))
    if not applications:
        if joint:
            return {}, str(_("No eligible application in the two districts."))
        return {}, str(_("No eligible application in your territory."))
    groups, quadrants = _household_facts([a.household_id for a in applications], on)
    housed = _housed({a.household_id for a in applications})
    buildings = {unit.building_id: unit.building for unit in units}
    sitting = _sitting_tenants(set(buildings), on)
    neighbourhoods = {str(b.territory_id) for b in buildings.values()}
    for app in applications:
        neighbourhoods |= {str(p.territory_id) for p in app.preferences.all()}
        neighbourhoods |= {str(t.pk) for t in app.excluded.all()}
    instance = engine.Instance(
        neighbourhoods=tuple(sorted(neighbourhoods, key=int)),
        buildings=tuple(
            engine.Building(
                id=str(b.pk),
                neighbourhood_id=str(b.territory_id),
                existing_households=sitting[b.pk][0],
                existing_counts=sitting[b.pk][1],
                limits=_mix_limits(b),
            )
            for b in sorted(buildings.values(), key=lambda b: b.pk)
        ),
        units=tuple(
            engine.Unit(
                id=str(u.pk),
                building_id=str(u.building_id),
                neighbourhood_id=str(u.building.territory_id),
                pathway=u.earmarked_pathway,
                rooms=u.rooms,
                usable_m2=float(u.usable_m2),
                max_occupants=u.max_occupants,
                step_free=u.step_free,
                wheelchair=u.wheelchair_accessible,
                group_living=u.group_living,
                monthly_cost=_cents(u.monthly_cost),
            )
            for u in units
        ),
        applications=tuple(
            engine.Application(
                id=str(a.pk),
                household_size=a.occupants,
                pathway=a.pathway,
                priority=float(a.score),
                monthly_income=_cents(a.monthly_income),
                needs_step_free=a.needs_step_free,
                needs_wheelchair=a.needs_wheelchair,
                wants_group_living=a.wants_group_living,
                preferred_neighbourhoods=tuple(str(p.territory_id) for p in a.preferences.all()),
                excluded_neighbourhoods=tuple(sorted(str(t.pk) for t in a.excluded.all())),
                quadrant=quadrants.get(a.household_id, ""),
                groups=tuple(groups[a.household_id]),
                household_id=str(a.household_id),
                housed=a.household_id in housed,
            )
            for a in applications
        ),
        rules=engine.Rules(
            regimes=_regimes(territory_id, {u.earmarked_pathway for u in units} | {a.pathway for a in applications}, on)
        ),
    )
    rule_set_ids = sorted(
        {
            rule_set
            for a in applications
            for part in ("eligibility", "priority")
            if (rule_set := a.evaluation.get(part, {}).get("rule_set"))
        }
    )
    return {
        "taken_on": on.isoformat(),
        "instance": json.loads(instance_io.dumps(instance)),
        "rule_sets": [version for pk in rule_set_ids if (version := _rule_set_version(pk))],
        "applications": {
            str(a.pk): {
                "household": str(a.household),
                "organisation": a.organisation_id,
                "evaluated_at": a.evaluated_at.isoformat() if a.evaluated_at else None,
                "score": str(a.score),
                "eligibility_rule_set": a.evaluation.get("eligibility", {}).get("rule_set"),
                "priority_rule_set": a.evaluation.get("priority", {}).get("rule_set"),
                "parts": a.evaluation.get("priority", {}).get("parts", []),
            }
            for a in applications
        },
        "units": {str(u.pk): str(u) for u in units},
        "unit_organisations": {str(u.pk): u.building.organisation_id for u in units},
        "units_without_pathway": without_pathway,
        "time_limit": SOLVE_SECONDS,
    }, ""
