"""The hosting network's dashboard figure: open emergency requests per urgency, within the scope."""

import datetime

from abitare.core.figures import Trend
from abitare.hosting import selectors
from abitare.hosting.models import EmergencyRequest
from abitare.registry.models import Household
from abitare.registry.tests.factories import actor_of

TODAY = datetime.date(2026, 6, 30)


def _request(user, organisation, territory, **extra):
    household = Household.objects.create(organisation=organisation, territory=territory, name="Famiglia")
    values = {
        "guests": 2,
        "wanted_from": TODAY,
        "wanted_until": TODAY + datetime.timedelta(days=10),
        "requested_by": "Servizi sociali",
        **extra,
    }
    return EmergencyRequest.objects.create(
        organisation=organisation, territory=territory, household=household, recorded_by=user, **values
    )


def test_open_requests_count_only_the_actor_scope(world, operator, other_org_operator, coordinator):
    org = world.organisation
    _request(operator, org, world.district, urgency=EmergencyRequest.Urgency.IMMEDIATE)
    _request(operator, org, world.municipality)
    _request(operator, org, world.municipality, status=EmergencyRequest.Status.CLOSED)
    _request(other_org_operator, world.other_organisation, world.other_district)
    _request(operator, org, world.other_district)

    counted, urgency = selectors.requests_open_count(actor=actor_of(operator), today=datetime.date.today())
    assert counted.value == 2
    assert counted.trend == Trend(3, 0)
    assert urgency == {"immediate": 1, "urgent": 1, "planned": 0}
    assert selectors.requests_open_by_territory(actor=actor_of(coordinator)) == (
        ("Comune Alfa", 1),
        ("Distretto Nord", 1),
    )
