"""The housing stock's dashboard figures: vacant flats with how long they have been vacant, and
municipalities without a local rent agreement, within the scope."""

import datetime
from decimal import Decimal

from django.utils import timezone

from abitare.core.figures import Trend
from abitare.housing import selectors, services
from abitare.housing.models import Agreement, Unit, UnitStateChange
from abitare.registry.tests.factories import actor_of


def test_vacancies_count_the_scope_by_state_with_the_days_since_they_fell_vacant(
    world, operator, building, unit, other_unit
):
    today = timezone.localdate()
    vacating = services.unit_create(
        actor=actor_of(operator),
        building=building,
        code="2B",
        floor=2,
        rooms=2,
        usable_m2=Decimal(50),
        max_occupants=2,
        monthly_rent=Decimal(250),
        service_charges=Decimal(40),
        state=Unit.State.OCCUPIED,
    )
    Unit.objects.filter(pk=vacating.pk).update(state=Unit.State.VACATING)
    change = UnitStateChange.objects.create(
        unit=vacating, from_state=Unit.State.OCCUPIED, to_state=Unit.State.VACATING, changed_by=operator
    )
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    UnitStateChange.objects.filter(pk=change.pk).update(changed_at=ten_days_ago)
    Unit.objects.filter(pk=unit.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))

    vacancies = selectors.vacancies_with_days(actor=actor_of(operator), today=today)
    assert vacancies.by_state == {"available": 1, "to_renovate": 0, "vacating": 1}
    assert vacancies.total == 2
    assert (vacancies.average_days, vacancies.longest_days) == (7, 10)
    assert vacancies.trend == Trend(1, 0)


def test_municipalities_without_a_rent_agreement_in_force_are_named(world, administrator):
    today = datetime.date(2026, 6, 30)
    assert selectors.territories_without_agreement(actor=actor_of(administrator), today=today) == [
        "Comune Alfa",
        "Quartiere Uno",
    ]
    Agreement.objects.create(
        territory=world.municipality,
        name="Accordo Comune Alfa",
        valid_from=datetime.date(2026, 1, 1),
        rate_unit="month",
        source="Accordo depositato",
        confidence="V",
    )
    Agreement.objects.create(
        territory=world.other_municipality,
        name="Accordo Comune Beta",
        valid_from=datetime.date(2026, 1, 1),
        rate_unit="month",
        source="Accordo depositato",
        confidence="V",
    )
    assert selectors.territories_without_agreement(actor=actor_of(administrator), today=today) == []
