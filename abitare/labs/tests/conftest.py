"""Lab fixtures built through the services: a lab of the home organisation in Quartiere Uno with
a weekly activity that needs registration, and a lab of the other organisation."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from abitare.accounts.models import Role
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.labs import services
from abitare.labs.models import Activity, Lab, Place
from abitare.labs.recurrence import ROME


def next_weekday(weekday: int, hour: int) -> datetime.datetime:
    today = datetime.datetime.now(tz=ROME).date()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ROME)


@pytest.fixture
def place(world, facilitator) -> Place:
    return services.place_create(
        actor=acting(facilitator),
        name="Sala civica",
        territory=world.neighbourhood,
        organisation=world.organisation,
        street="Via Roma 1",
        postal_code="55100",
        city="Comune Alfa",
        latitude="43.842000",
        longitude="10.502000",
        step_free=True,
        opening_hours=[(1, datetime.time(9), datetime.time(19))],
    )


@pytest.fixture
def lab(world, facilitator, place) -> Lab:
    return services.lab_create(
        actor=acting(facilitator),
        name="Laboratorio Uno",
        kind=Lab.Kind.COMMUNITY_LAB,
        territory=world.neighbourhood,
        organisation=world.organisation,
        main_place=place,
        description="Un laboratorio di quartiere.",
        tags=[services.tag_get_or_create(name="Musica")],
    )


@pytest.fixture
def activity(facilitator, lab, place) -> Activity:
    start = next_weekday(1, 18)
    return services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Coro di quartiere",
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=10",
        capacity=2,
        registration_required=True,
        tags=[services.tag_get_or_create(name="Musica")],
    )


@pytest.fixture
def other_lab(world, other_org_operator) -> Lab:
    other_place = services.place_create(
        actor=acting(other_org_operator),
        name="Centro Sud",
        territory=world.other_municipality,
        organisation=world.other_organisation,
        street="Via Sud 2",
        city="Comune Beta",
    )
    return services.lab_create(
        actor=acting(other_org_operator),
        name="Laboratorio Sud",
        kind=Lab.Kind.SOCIAL_LAB,
        territory=world.other_municipality,
        organisation=world.other_organisation,
        main_place=other_place,
    )


@pytest.fixture(autouse=True)
def _clear_rate_limits():

    cache.clear()


@pytest.fixture
def other_org_facilitator(world):

    return make_member(
        organisation=world.other_organisation,
        territory=world.other_district,
        role=Role.FACILITATOR,
        username="other_org_facilitator",
    )
