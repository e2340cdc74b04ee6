import datetime

import pytest

from abitare.hosting import services
from abitare.registry.tests.factories import actor_of, make_household, make_person

TODAY = datetime.date.today()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def make_host(user, *, capacity=2, n=0, start=-30, end=60, **offers):
    person = make_person(user, n=100 + n, first_name="Ospite")
    household = make_household(user, person, name=f"Famiglia Ospitante {n}")
    host = services.host_create(actor=actor_of(user), household=household, capacity=capacity, **offers)
    services.host_availability_add(actor=actor_of(user), host=host, start=day(start), end=day(end))
    return host


def make_request(user, *, guests=1, n=0, start=0, until=7, **needs):
    person = make_person(user, n=200 + n, first_name="Richiedente")
    household = make_household(user, person, name=f"Famiglia in emergenza {n}")
    return services.request_create(
        actor=actor_of(user),
        household=household,
        guests=guests,
        wanted_from=day(start),
        wanted_until=day(until),
        requested_by="Servizi sociali",
        **needs,
    )


@pytest.fixture
def host(operator):
    return make_host(operator, capacity=2)


@pytest.fixture
def emergency(operator):
    return make_request(operator, guests=1)


@pytest.fixture
def other_host(other_org_operator):
    return make_host(other_org_operator, capacity=2, n=9)


@pytest.fixture
def other_emergency(other_org_operator):
    return make_request(other_org_operator, n=9)
