"""Two operators place two emergency requests into a host's last bed at the same moment: one wins
(PostgreSQL: the host's row lock serialises them)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from abitare.core.exceptions import Conflict
from abitare.hosting import services
from abitare.hosting.models import EmergencyRequest, Placement
from abitare.hosting.tests.conftest import day, make_host, make_request
from abitare.registry.tests.factories import actor_of


@pytest.mark.django_db(transaction=True)
def test_two_operators_placing_into_the_last_bed_one_wins(operator, coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer: row locks (select_for_update) need PostgreSQL")
    host = make_host(operator, capacity=2)
    services.placement_create(
        actor=actor_of(operator), request=make_request(operator, n=1), host=host, start=day(0), planned_end=day(7)
    )
    requests = [make_request(operator, n=2), make_request(operator, n=3)]
    actors = [actor_of(operator), actor_of(coordinator)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def place(index: int) -> None:
        try:
            barrier.wait()
            services.placement_create(
                actor=actors[index], request=requests[index], host=host, start=day(2), planned_end=day(9)
            )
            outcomes.append("placed")
        except Conflict:
            outcomes.append("refused")
        except BaseException as error:  # anything else fails the test below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["placed", "refused"]
    assert Placement.objects.filter(host=host).count() == 2
    statuses = sorted(EmergencyRequest.objects.filter(pk__in=[r.pk for r in requests]).values_list("status", flat=True))
    assert statuses == ["open", "placed"]
