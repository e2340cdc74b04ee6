"""Matching rounds: the snapshot of the inputs, the engine and the rank order on it, the
proposals with their explanations, and their review (docs/modules/matching.md, issue 4 items 4-6).

``round_start`` takes the snapshot (a round keeps the rule versions it started with);
``round_solve`` (the background task's body) solves it; ``round_recompute`` solves the stored
snapshot again without reading the current data. Offers and acceptance are not part of rounds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.assessments.models import Assessment
from abitare.assessments.scoring import Pathway, Quadrant
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.tasks import progress_fail, progress_finish, progress_update
from abitare.housing.models import Building, Unit
from abitare.matching import engine
from abitare.matching.engine import instance_io
from abitare.matching.models import Allocation, Application, Proposal, Round, RuleSet, SharingAgreement
from abitare.matching.permissions import may_review_proposal
from abitare.matching.services.applications import rule_sets_in_force
from abitare.matching.snapshot import instance_of_snapshot, result_as_data
from abitare.registry.models import Disability, HouseholdMember

logger = logging.getLogger(__name__)

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


def _snapshot(sides: list[Side], on: datetime.date, territory_id: int) -> tuple[dict[str, Any], str]:
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


@transaction.atomic
def round_start(*, actor: Membership, agreement: SharingAgreement | None = None) -> Round:
    """Open a round for the actor's organisation and territory and snapshot its inputs now.

    With ``agreement`` (a sharing agreement in force, the actor on one of its sides) the round is
    joint: one snapshot over both districts' available units and eligible applications, each
    application with the evaluation of its own territory's rules and each unit with its own
    building's mix limits; the agreement and the partner's side are recorded on the round.

    With no available unit or no eligible application the round is ``empty`` with the reason and
    nothing else is created; otherwise it is ``queued`` for ``round_solve``.
    """
    today = timezone.localdate()
    territory_id = actor.territory_id
    partner: dict[str, Any] = {}
    sides = [Side(actor.organisation_id, actor.territory.path)]
    if agreement is not None:
        locked = (
            SharingAgreement.objects.select_for_update()
            .select_related("territory", "partner_territory")
            .get(pk=agreement.pk)
        )
        own, other = _sides_of(actor, locked)
        if not locked.in_force(today):
            raise DomainError(
                _("A joint round needs an agreement confirmed by both sides and valid today."), field="agreement"
            )
        territory_id = own[1].pk
        partner = {"agreement": locked, "partner_id": other[0], "partner_territory": other[1]}
        sides = [Side(own[0], own[1].path), Side(other[0], other[1].path)]
    snapshot, reason = _snapshot(sides, today, territory_id)
    return Round.objects.create(
        organisation_id=actor.organisation_id,
        territory_id=territory_id,
        **partner,
        started_by=actor.user,
        status=Round.Status.EMPTY if reason else Round.Status.QUEUED,
        message=reason,
        finished_at=timezone.now() if reason else None,
        snapshot=snapshot,
    )


def _sides_of(actor: Membership, agreement: SharingAgreement) -> tuple[tuple[int, Any], tuple[int, Any]]:
    """The actor's side of the agreement and the other one, as (organisation id, district)."""
    first = (agreement.organisation_id, agreement.territory)
    second = (agreement.partner_id, agreement.partner_territory)
    for own, other in ((first, second), (second, first)):
        if own[0] == actor.organisation_id and own[1].path.startswith(actor.territory.path):
            return own, other
    raise DomainError(_("You are not on either side of this agreement."), field="agreement")


def comparison_as_data(instance: engine.Instance, result: engine.Result, *, time_limit: float) -> dict[str, Any]:
    """The proposal beside the plain graduatoria and each regime its pathways use, on the same
    snapshot: ``baseline`` (the graduatoria), ``report`` (figures of ``engine`` and ``baseline``,
    and ``regimes``: the figures of each regime) and ``inversions`` (the proposal's rank
    inversions with their reason)."""
    compared = engine.compare(instance, result, time_limit=time_limit)
    reports = {name: asdict(report) for name, report in compared.reports.items()}
    return {
        "baseline": result_as_data(compared.results[engine.GRADUATORIA]),
        "report": {
            "engine": reports["proposal"],
            "baseline": reports[engine.GRADUATORIA],
            "regimes": {name: r for name, r in reports.items() if name != "proposal"},
        },
        "inversions": [asdict(i) for i in compared.inversions["proposal"]],
    }


def round_recompute(*, round: Round) -> dict[str, Any]:
    """Solve the round's snapshot again, from the snapshot alone: the engine's answer under each
    pathway's regime, the graduatoria and every regime that applies on the same snapshot, the
    report and the rank inversions, as stored in ``Round.result``. Saves nothing."""
    if not round.snapshot:
        raise DomainError(_("This round has no inputs to compute."))
    instance = instance_of_snapshot(round.snapshot)
    time_limit = float(round.snapshot.get("time_limit", SOLVE_SECONDS))
    solved = engine.solve(instance, time_limit=time_limit)
    if engine.violations(instance, [(p.unit_id, p.application_id) for p in solved.proposals]):
        # The independent validator has the last word: no round with a broken constraint.
        raise DomainError(_("The allocation breaks a hard constraint; the round cannot be approved."))
    return {"engine": result_as_data(solved), **comparison_as_data(instance, solved, time_limit=time_limit)}


def round_solve(*, round_id: int, progress_id: str | None = None) -> Round:
    """The background task's body: solve a queued round's snapshot and store the proposals.

    Idempotent: a round that is not queued is returned as it is. On an engine failure the round is
    ``failed`` with the reason and has no proposal.
    """
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=round_id)
        if current.status != Round.Status.QUEUED:
            if progress_id:
                progress_finish(progress_id, message=current.get_status_display(), result_url=_url(current))
            return current
        current.status = Round.Status.RUNNING
        current.save(update_fields=["status", "updated_at"])
    if progress_id:
        progress_update(progress_id, done=1, total=3, message=str(_("Solving the allocation")))
    try:
        result = round_recompute(round=current)
    except Exception as error:  # the round must end, not stay running
        logger.exception("round %s failed", round_id)
        Round.objects.filter(pk=round_id).update(
            status=Round.Status.FAILED, message=str(error)[:2000], finished_at=timezone.now()
        )
        if progress_id:
            progress_fail(progress_id, message=str(_("The round failed: %(error)s") % {"error": error}))
        return Round.objects.get(pk=round_id)
    if progress_id:
        progress_update(progress_id, done=2, total=3, message=str(_("Saving the proposals")))
    with transaction.atomic():
        _save_result(current, result)
    if progress_id:
        report = result["report"]["engine"]
        progress_finish(
            progress_id,
            message=str(_("%(n)s households proposed a unit.") % {"n": report["households_housed"]}),
            result_url=_url(current),
        )
    return current


def _url(round: Round) -> str:
    return reverse("matching:round-detail", args=[round.pk])


def _save_result(round: Round, result: dict[str, Any]) -> None:
    applications = round.snapshot["applications"]
    Proposal.objects.bulk_create(
        Proposal(
            round=round,
            application_id=int(p["application_id"]),
            unit_id=int(p["unit_id"]),
            priority=Decimal(str(p["priority"])).quantize(Decimal("0.01")),
            preference_rank=p["preference_rank"],
            preference_bonus=Decimal(str(p["preference_bonus"])).quantize(Decimal("0.001")),
            weight=Decimal(str(p["weight"])).quantize(Decimal("0.0001")),
            explanation={
                "at_limit": p["at_limit"],
                "score_parts": applications[p["application_id"]]["parts"],
            },
        )
        for p in result["engine"]["proposals"]
    )
    round.result = result
    round.status = Round.Status.DONE
    round.message = ""
    round.finished_at = timezone.now()
    round.save(update_fields=["result", "status", "message", "finished_at", "updated_at"])


def _review(actor: Membership, proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("unit__building__territory").get(pk=proposal.pk)
    round = Round.objects.select_related("territory", "partner_territory").get(pk=locked.round_id)
    sides = [(round.organisation_id, round.territory)]
    if round.partner_territory is not None and round.partner_id is not None:
        sides.append((round.partner_id, round.partner_territory))
    in_round = any(
        org == actor.organisation_id and territory.path.startswith(actor.territory.path) for org, territory in sides
    )
    if not in_round:
        raise DomainError(_("The proposal is not in your organisation and territory."))
    if not may_review_proposal(actor, locked):
        # In a joint round the side owning the unit decides on it.
        raise NotAllowed(_("The unit belongs to the partner agency: its operators review this proposal."))
    if round.status != Round.Status.DONE:
        raise Conflict(_("The round is not finished."), field="status")
    if locked.status != Proposal.Status.PROPOSED:
        raise Conflict(_("This proposal was already reviewed."), field="status")
    return locked


@transaction.atomic
def proposal_approve(*, actor: Membership, proposal: Proposal) -> Proposal:
    """Approve a proposal (the offer that follows is not part of the round)."""
    locked = _review(actor, proposal)
    locked.status = Proposal.Status.APPROVED
    locked.reviewed_by = actor.user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return locked


@transaction.atomic
def proposal_reject(*, actor: Membership, proposal: Proposal, reason: str) -> Proposal:
    """Reject a proposal; the reason is required and kept."""
    if not reason.strip():
        raise DomainError(_("Say why the proposal is rejected."), field="reason")
    locked = _review(actor, proposal)
    locked.status = Proposal.Status.REJECTED
    locked.reason = reason.strip()
    locked.reviewed_by = actor.user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    return locked
