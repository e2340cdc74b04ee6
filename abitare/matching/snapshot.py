"""What a round stored and what follows from it, read by services and selectors alike: the engine
instance and answer kept in a round's snapshot, which households could take a proposal's unit
instead (and what blocks the others), and the words for those blocks. No writes here."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from abitare.matching import engine
from abitare.matching.engine import instance_io
from abitare.matching.models import Application, Offer, Proposal, Round

# Facts that come from special-category data (GDPR art. 9): their score parts are shown only to
# members with the sensitive-data permission; others see them summed as "sensitive criteria".
SENSITIVE_FACTS = frozenset({"disability_severe", "invalidity_66"})


def instance_of_snapshot(snapshot: dict[str, Any]) -> engine.Instance:
    """The engine instance stored in a round's snapshot (never the current data)."""
    return instance_io.loads(json.dumps(snapshot["instance"]))


#: A relative gap this small is rounding: the answer is proven best.
PROVEN_GAP = 1e-6


def result_as_data(result: engine.Result) -> dict[str, Any]:
    """A ``Result`` as JSON-safe data (an allocation by rank alone has no bound: it is left out)."""
    data: dict[str, Any] = {
        "objective": result.objective,
        "status": result.status,
        "method": result.method,
        "feasible_pairs": result.feasible_pairs,
        "regimes": dict(result.regimes),
        "proposals": [asdict(p) | {"at_limit": list(p.at_limit)} for p in result.proposals],
    }
    if result.upper_bound is not None:
        data |= {"upper_bound": result.upper_bound, "gap": result.gap, "lp_value": result.lp_value}
    return data


def result_of_data(data: dict[str, Any]) -> engine.Result:
    """The stored engine answer as a ``Result``, for the explanations."""
    proposals = tuple(engine.Proposal(**(p | {"at_limit": tuple(p["at_limit"])})) for p in data["proposals"])
    return engine.Result(
        proposals,
        data["objective"],
        data.get("upper_bound"),
        data.get("gap"),
        data["status"],
        data.get("lp_value"),
        data["feasible_pairs"],
        0,
        0,
        data["method"],
        tuple(sorted(data.get("regimes", {}).items())),
    )


def application_open(application: Application, on: datetime.date) -> str:
    """Why the application cannot receive an offer today; empty when it can."""
    if application.status != Application.Status.ELIGIBLE:
        return str(_("the application is now “%(status)s”") % {"status": application.get_status_display()})
    if application.suspended_until and application.suspended_until >= on:
        return str(
            _("the application is left out of allocations until %(date)s after a refusal")
            % {"date": application.suspended_until.strftime("%d/%m/%Y")}
        )
    return ""


def live_assignment(round: Round) -> dict[str, str]:
    """The round's live proposals, unit id -> application id (rejected ones are out)."""
    pairs = round.proposals.exclude(status=Proposal.Status.REJECTED).values_list("unit_id", "application_id")
    return {str(u): str(a) for u, a in pairs}


def replacement_candidates_of(*, proposal: Proposal) -> list[engine.Candidate]:
    """The round's applications for the proposal's unit, each with what blocks it (empty: it may
    take the unit): every hard constraint on the round's snapshot, plus, from today's data, an
    application no longer open or one already offered a unit in this round."""
    round = proposal.round
    instance = instance_of_snapshot(round.snapshot)
    ids = [int(a.id) for a in instance.applications]
    today = timezone.localdate()
    unavailable: dict[str, str] = {}
    for application in Application.objects.filter(pk__in=ids):
        if application_open(application, today):
            unavailable[str(application.pk)] = "not_open"
    offered = Offer.objects.filter(round=round).exclude(status=Offer.Status.WITHDRAWN).values_list("application_id")
    for (application_id,) in offered:
        unavailable.setdefault(str(application_id), "offered_in_round")
    return engine.replacement_candidates(
        instance, live_assignment(round), str(proposal.unit_id), unavailable=unavailable
    )


BLOCKED_LABELS = {
    "not_open": _("the application is no longer open to offers"),
    "offered_in_round": _("already offered a unit in this round"),
    "proposed_elsewhere": _("proposed another unit in this round"),
    "pathway": _("pathway"),
    "occupants": _("occupants"),
    "floor_area": _("floor area per person"),
    "step_free": _("step-free access"),
    "wheelchair": _("wheelchair access"),
    "group_living": _("group living"),
    "affordability": _("affordability"),
    "excluded_neighbourhood": _("excluded neighbourhood"),
}


def blocked_label(code: str) -> str:
    """A blocking reason in words (mix groups are named by the caller's rules for sensitive data)."""
    if code.startswith("mixite:"):
        return str(_("the building's mix limit"))
    return str(BLOCKED_LABELS.get(code, code))


def engine_in_words(engine_data: dict[str, Any]) -> str:
    """What the engine's answer means for an operator, in the page's language: whether the
    proposal is the best these rules allow or how much better one could at most be. The technical
    figures (status, method, bound, gap) stay on the page behind a details toggle."""
    if not engine_data or engine_data.get("upper_bound") is None:
        return ""
    gap = float(engine_data.get("gap") or 0.0)
    if engine_data.get("status") == "optimal" and gap <= PROVEN_GAP:
        return str(_("This proposal is the best these rules allow: no other allocation gives a higher total score."))
    return str(
        _(
            "This proposal keeps every rule. The search stopped before proving it the best: another "
            "allocation could score at most %(percent)s higher."
        )
        % {"percent": f"{number_format(gap * 100, 1)} %"}
    )
