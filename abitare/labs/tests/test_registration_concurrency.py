"""Two citizens sign up for the last place at the same moment: only one gets it (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from abitare.labs import services
from abitare.labs.models import Registration


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_for_the_last_place_confirm_only_one(activity):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer: row locks (select_for_update) need PostgreSQL")
    start = activity.dtstart
    services.registration_create(
        actor=None, activity=activity, start=start, name="Prima", email="first@example.test", consent=True
    )
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def sign_up(n: int) -> None:
        try:
            barrier.wait()
            services.registration_create(
                actor=None, activity=activity, start=start, name=f"P{n}", email=f"p{n}@example.test", consent=True
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(Registration.objects.filter(occurrence__start=start).values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
