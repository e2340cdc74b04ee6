"""Two operators at the same moment (PostgreSQL, one connection per thread): the same unit is
never offered twice and a household is never housed twice. Both through the services (row locks)
and straight at the database (the conditional unique constraints alone)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from abitare.core.exceptions import Conflict
from abitare.housing.models import Unit, UnitStateChange
from abitare.matching import services
from abitare.matching.models import Allocation, Offer
from abitare.matching.tests.offers_support import approved, build_case, reply_by, run_round
from abitare.registry.tests.factories import actor_of

SKIP_REASON = "SQLite serialises every writer: concurrent row locks and unique indexes need PostgreSQL"


def _race(*attempts: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run the attempts in threads released at the same moment; each uses its own connection."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(attempt())
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip(SKIP_REASON)


@pytest.mark.django_db(transaction=True)
def test_two_operators_offering_the_same_unit_to_two_households_one_wins(postgres, world, operator, coordinator):
    case = build_case(operator, world)
    unit = case.units["small"]
    # Two rounds both saw the unit available; in the second an operator chose another household.
    first_round, second_round = run_round(operator), run_round(operator)
    mine = approved(operator, first_round, case.applications["step_free"])
    theirs = services.proposal_replace(
        actor=actor_of(operator),
        proposal=second_round.proposals.get(unit=unit),
        application=case.applications["last"],
        reason="Scelta dell'operatore",
    )
    for attempt in range(3):
        results, errors = _race(
            lambda: services.offer_send(actor=actor_of(operator), proposal=mine, reply_by=reply_by()),
            lambda: services.offer_send(actor=actor_of(coordinator), proposal=theirs, reply_by=reply_by()),
        )
        assert len(results) == 1, errors
        assert len(errors) == 1
        assert isinstance(errors[0], Conflict), errors
        assert Offer.objects.filter(unit=unit, status=Offer.Status.SENT).count() == 1
        assert Unit.objects.get(pk=unit.pk).state == Unit.State.OFFERED
        assert UnitStateChange.objects.filter(unit=unit, to_state=Unit.State.OFFERED).count() == attempt + 1
        services.offer_withdraw(actor=actor_of(operator), offer=results[0], note="Di nuovo")


@pytest.mark.django_db(transaction=True)
def test_two_operators_accepting_two_offers_of_one_household_one_wins(postgres, world, operator, coordinator):
    case = build_case(operator, world)
    done = run_round(operator)
    agreed = services.offer_send(
        actor=actor_of(operator), proposal=approved(operator, done, case.applications["first"]), reply_by=reply_by()
    )
    # One home per household in a round: the service-contract proposal comes from a later round.
    later = run_round(operator)
    service = services.offer_send(
        actor=actor_of(operator),
        proposal=approved(operator, later, case.applications["first_service"]),
        reply_by=reply_by(),
    )
    results, errors = _race(
        lambda: services.offer_accept(actor=actor_of(operator), offer=agreed),
        lambda: services.offer_accept(actor=actor_of(coordinator), offer=service),
    )
    assert len(results) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], Conflict), errors
    household = case.applications["first"].household_id
    assert Allocation.objects.filter(household_id=household, ended_on__isnull=True).count() == 1
    winner = results[0].offer
    loser = service if winner.pk == agreed.pk else agreed
    assert Offer.objects.get(pk=winner.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=loser.pk).status == Offer.Status.WITHDRAWN
    assert Unit.objects.get(pk=winner.unit_id).state == Unit.State.OCCUPIED
    assert Unit.objects.get(pk=loser.unit_id).state == Unit.State.AVAILABLE


@pytest.mark.django_db(transaction=True)
def test_the_database_alone_refuses_concurrent_double_offers_and_double_allocations(postgres, world, operator):
    """Without the services' locks: two connections insert at the same moment, one index wins."""
    case = build_case(operator, world)
    done = run_round(operator)
    proposal = approved(operator, done, case.applications["third"])
    common = {
        "proposal": proposal,
        "round": done,
        "organisation": proposal.application.organisation,
        "territory": proposal.application.territory,
        "sent_by": operator,
        "sent_at": timezone.now(),
        "reply_by": reply_by(),
    }

    def offer(application: Any, unit: Unit) -> Offer:
        with transaction.atomic():
            return Offer.objects.create(
                application=application, household_id=application.household_id, unit=unit, **common
            )

    same_unit = case.units["large_a"]
    results, errors = _race(
        lambda: offer(case.applications["third"], same_unit), lambda: offer(case.applications["last"], same_unit)
    )
    assert (len(results), [type(e) for e in errors]) == (1, [IntegrityError])
    assert Offer.objects.filter(unit=same_unit, status=Offer.Status.SENT).count() == 1

    first = offer(case.applications["first"], case.units["large_b"])
    second = offer(case.applications["first_service"], case.units["service"])

    def allocate(live: Offer) -> Allocation:
        with transaction.atomic():
            return Allocation.objects.create(
                offer=live,
                application=live.application,
                household_id=live.household_id,
                unit=live.unit,
                organisation=live.organisation,
                territory=live.territory,
                starts_on=datetime.date.today(),
                created_by=operator,
            )

    results, errors = _race(lambda: allocate(first), lambda: allocate(second))
    assert (len(results), [type(e) for e in errors]) == (1, [IntegrityError])
    assert Allocation.objects.filter(household_id=first.household_id).count() == 1
