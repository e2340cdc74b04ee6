"""Matching rounds: the engine and the rank order on the snapshot of the inputs, and the
proposals with their explanations (docs/modules/matching.md, issue 4 items 4-6).

``round_start`` takes the snapshot (``services.round_inputs``; a round keeps the rule versions it
started with); ``round_solve`` (the background task's body) solves it; ``round_recompute`` solves
the stored snapshot again without reading the current data. The review of the proposals is in
``services.proposals``; offers and acceptance are not part of rounds.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import DomainError
from abitare.core.tasks import progress_fail, progress_finish, progress_update
from abitare.matching import engine
from abitare.matching.models import Proposal, Round, SharingAgreement
from abitare.matching.services.round_inputs import SOLVE_SECONDS, Side, round_snapshot
from abitare.matching.snapshot import instance_of_snapshot, result_as_data

logger = logging.getLogger(__name__)


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
    snapshot, reason = round_snapshot(sides, today, territory_id)
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
