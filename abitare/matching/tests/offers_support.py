"""A small matching world for the offer tests: one building, four units (three for agreed rent,
one for service contracts), five applications, a finished round and the refusal rules."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from abitare.accounts.models import Territory, User
from abitare.accounts.testing import acting
from abitare.housing import services as housing
from abitare.housing.models import Building, Unit
from abitare.matching import services
from abitare.matching.models import Application, Proposal, RefusalRule, Round
from abitare.registry.tests.factories import actor_of, make_household, make_person

REFUSAL_RULES = Path(__file__).resolve().parents[1] / "data" / "refusal-rules"


@dataclass
class OfferCase:
    building: Building
    units: dict[str, Unit]
    applications: dict[str, Application]


def make_unit(
    user: User, building: Building, code: str, *, m2: int, pathway: str = "agreed_rent", **extra: Any
) -> Unit:
    return housing.unit_create(
        actor=acting(user),
        building=building,
        code=code,
        floor=0,
        rooms=2,
        usable_m2=Decimal(m2),
        max_occupants=extra.pop("max_occupants", 2),
        earmarked_pathway=pathway,
        monthly_rent=Decimal(300),
        state=Unit.State.AVAILABLE,
        **extra,
    )


def make_application(
    user: User, household: Any, *, score: float, pathway: str = "agreed_rent", occupants: int = 2, **extra: Any
) -> Application:
    application = services.application_submit(
        actor=actor_of(user),
        household=household,
        pathway=pathway,
        occupants=occupants,
        monthly_income=Decimal(2000),
        submitted_on=datetime.date(2026, 1, 1),
        **extra,
    )
    # No rule set in this world: the verdict and the score are set as an evaluation would.
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.ELIGIBLE, eligible=True, score=Decimal(str(score))
    )
    application.refresh_from_db()
    return application


def build_case(user: User, world: Any) -> OfferCase:
    """Units ``small`` (step-free), ``large_a``, ``large_b`` for agreed rent and ``service`` for
    service contracts. Applications: ``first`` (10), ``step_free`` (9, needs step-free access),
    ``third`` (8), ``last`` (1), ``crowded`` (0.5, 3 occupants: fits no unit), and ``first_service``
    (7), the first household's second application, for a service contract."""
    building = housing.building_create(
        actor=acting(user),
        organisation=world.organisation,
        territory=world.neighbourhood,
        name="Case Alfa",
        address="Via Roma 1",
        owner_kind=Building.OwnerKind.MUNICIPALITY,
    )
    units = {
        "small": make_unit(user, building, "1", m2=30, step_free=True),
        "large_a": make_unit(user, building, "2", m2=45),
        "large_b": make_unit(user, building, "3", m2=45),
        "service": make_unit(user, building, "4", m2=45, pathway="service_contract"),
    }
    households = {}
    for n, name in enumerate(["first", "step_free", "third", "last", "crowded"], start=1):
        person = make_person(user, n=n, territory=world.neighbourhood)
        households[name] = make_household(user, person, territory=world.neighbourhood, name=f"Famiglia {n}")
    applications = {
        "first": make_application(user, households["first"], score=10),
        "step_free": make_application(user, households["step_free"], score=9, needs_step_free=True),
        "third": make_application(user, households["third"], score=8),
        "last": make_application(user, households["last"], score=1),
        "crowded": make_application(user, households["crowded"], score=0.5, occupants=3),
        "first_service": make_application(user, households["first"], score=7, pathway="service_contract"),
    }
    return OfferCase(building, units, applications)


def run_round(user: User) -> Round:
    started = services.round_start(actor=actor_of(user))
    return services.round_solve(round_id=started.pk)


def proposal_of(round: Round, application: Application) -> Proposal:
    return round.proposals.exclude(status=Proposal.Status.REJECTED).get(application=application)


def approved(user: User, round: Round, application: Application) -> Proposal:
    return services.proposal_approve(actor=actor_of(user), proposal=proposal_of(round, application))


def load_refusal_rule(
    user: User, territory: Territory, file: str = "lombardia-sap-refusal.json", **changes: Any
) -> RefusalRule:
    data = json.loads((REFUSAL_RULES / file).read_text()) | changes
    return services.refusal_rule_load(actor=acting(user), territory=territory, data=data)


def reply_by() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=14)
