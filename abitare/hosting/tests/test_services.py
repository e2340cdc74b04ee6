"""Hosting services: the capacity and availability rules, request states, the support ledger."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abitare.core.append_only import AppendOnlyError
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.core.tests.append_only import assert_database_refuses_changes
from abitare.hosting import selectors, services
from abitare.hosting.capacity import peak_guests
from abitare.hosting.models import EmergencyRequest, Host, HostSupportEntry, Placement
from abitare.hosting.tests.conftest import day, make_host, make_request
from abitare.registry.tests.factories import actor_of, make_household, make_person

pytestmark = pytest.mark.django_db


def place(user, request, host, start=0, end=7, guests=None):
    return services.placement_create(
        actor=actor_of(user), request=request, host=host, start=day(start), planned_end=day(end), guests=guests
    )


def test_a_placement_marks_the_request_placed(operator, host, emergency):
    placement = place(operator, emergency, host)
    emergency.refresh_from_db()
    assert emergency.status == EmergencyRequest.Status.PLACED
    assert placement.guests == 1
    assert placement.organisation_id == emergency.organisation_id


def test_the_last_bed_goes_once(operator, host):
    first = make_request(operator, guests=2, n=1)
    place(operator, first, host, 0, 7)
    second = make_request(operator, guests=1, n=2)
    with pytest.raises(Conflict) as refused:
        place(operator, second, host, 3, 10)
    assert refused.value.field == "host"
    second.refresh_from_db()
    assert second.status == EmergencyRequest.Status.OPEN
    assert Placement.objects.filter(request=second).count() == 0


def test_the_bed_is_free_on_the_day_the_guests_leave(operator, host):
    place(operator, make_request(operator, guests=2, n=1), host, 0, 7)
    assert place(operator, make_request(operator, guests=2, n=2), host, 7, 10).start == day(7)


def test_an_ended_placement_frees_its_beds(operator, host):
    placement = place(operator, make_request(operator, guests=2, n=1), host, 0, 10)
    services.placement_end(actor=actor_of(operator), placement=placement, on=day(2))
    assert place(operator, make_request(operator, guests=2, n=2), host, 2, 8).guests == 2


def test_a_stay_outside_the_availability_is_refused(operator):
    host = make_host(operator, capacity=3, start=0, end=5)
    request = make_request(operator, n=3, start=0, until=10)
    with pytest.raises(DomainError) as refused:
        place(operator, request, host, 0, 10)
    assert refused.value.field == "start"
    assert not Placement.objects.exists()


def test_more_guests_than_the_request_is_refused(operator, host, emergency):
    with pytest.raises(ValidationFailed) as refused:
        place(operator, emergency, host, guests=2)
    assert "guests" in refused.value.errors


def test_a_paused_host_takes_no_guests(operator, host, emergency):
    host.status = Host.Status.PAUSED
    host.save()
    with pytest.raises(DomainError):
        place(operator, emergency, host)


def test_a_request_placed_cannot_be_placed_again(operator, host, emergency):
    place(operator, emergency, host)
    with pytest.raises(Conflict):
        place(operator, emergency, make_host(operator, n=5))


def test_another_organisation_cannot_place_with_our_host(other_org_operator, host, other_emergency):
    with pytest.raises(NotAllowed):
        place(other_org_operator, other_emergency, host)
    assert not Placement.objects.exists()


@pytest.fixture
def in_need(operator):
    """One household in need, asking again and again (requests are cheap to make this way)."""
    return make_request(operator, n=99).household


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(1, 3),
    attempts=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 20), st.integers(1, 10)), min_size=1, max_size=8),
)
def test_capacity_is_never_exceeded_whatever_the_attempts(operator, host, in_need, capacity, attempts):
    Placement.objects.all().delete()
    Host.objects.filter(pk=host.pk).update(capacity=capacity)
    host.refresh_from_db()
    for guests, start, length in attempts:
        request = services.request_create(
            actor=actor_of(operator),
            household=in_need,
            guests=guests,
            wanted_from=day(start),
            wanted_until=day(start + length),
            requested_by="Pronto intervento sociale",
        )
        with contextlib.suppress(Conflict, DomainError):
            place(operator, request, host, start - 30, start - 30 + length)
    stays = selectors.stays_of(Placement.objects.filter(host=host))
    assert peak_guests(stays, day(-60), day(60)) <= capacity


def test_lowering_capacity_below_the_agreed_placements_is_refused(operator, host):
    place(operator, make_request(operator, guests=2, n=1), host, 0, 7)
    with pytest.raises(DomainError) as refused:
        services.host_update(
            actor=actor_of(operator),
            host=host,
            capacity=1,
            conditions="",
            offers_room=True,
            offers_meals=False,
            offers_accompaniment=False,
            pets_allowed=False,
            step_free=False,
            status=Host.Status.ACTIVE,
        )
    assert refused.value.field == "capacity"
    host.refresh_from_db()
    assert host.capacity == 2


def test_overlapping_availability_periods_are_refused(operator, host):
    with pytest.raises(DomainError):
        services.host_availability_add(actor=actor_of(operator), host=host, start=day(10), end=day(90))
    assert host.availabilities.count() == 1


def test_a_household_is_a_host_once(operator, host):
    with pytest.raises(DomainError):
        services.host_create(actor=actor_of(operator), household=host.household, capacity=1)


def test_request_needs_one_night_and_a_referrer(operator):

    household = make_household(operator, make_person(operator, n=50))
    with pytest.raises(ValidationFailed) as refused:
        services.request_create(
            actor=actor_of(operator),
            household=household,
            guests=0,
            wanted_from=day(3),
            wanted_until=day(3),
            requested_by=" ",
        )
    assert set(refused.value.errors) == {"guests", "wanted_until", "requested_by"}
    assert not EmergencyRequest.objects.exists()


def test_ending_the_last_placement_closes_the_request(operator, host, emergency):
    placement = place(operator, emergency, host, 0, 7)
    services.placement_end(actor=actor_of(operator), placement=placement, on=day(5), reason="Tornati a casa")
    emergency.refresh_from_db()
    assert emergency.status == EmergencyRequest.Status.CLOSED
    with pytest.raises(Conflict):
        services.placement_end(actor=actor_of(operator), placement=placement, on=day(6))


def test_an_end_after_the_planned_end_is_refused(operator, host, emergency):
    placement = place(operator, emergency, host, 0, 7)
    with pytest.raises(DomainError):
        services.placement_end(actor=actor_of(operator), placement=placement, on=day(8))
    placement.refresh_from_db()
    assert placement.actual_end is None


def test_request_withdrawn_with_a_reason_only(operator, emergency):
    with pytest.raises(DomainError):
        services.request_set_status(actor=actor_of(operator), request=emergency, status="withdrawn", reason="")
    services.request_set_status(
        actor=actor_of(operator), request=emergency, status="withdrawn", reason="Ospitati da parenti"
    )
    emergency.refresh_from_db()
    assert emergency.status == EmergencyRequest.Status.WITHDRAWN
    with pytest.raises(DomainError):
        services.request_set_status(actor=actor_of(operator), request=emergency, status="closed", reason="x")


def test_candidates_have_free_beds_and_what_the_request_needs(operator):
    full = make_host(operator, capacity=1, n=1)
    place(operator, make_request(operator, n=1), full, 0, 7)
    no_pets = make_host(operator, capacity=3, n=2)
    with_pets = make_host(operator, capacity=3, n=3, pets_allowed=True)
    request = make_request(operator, n=2, has_pets=True)
    found = selectors.host_candidates(actor=actor_of(operator), request=request, start=day(0), end=day(7))
    assert [c.host.pk for c in found] == [with_pets.pk]
    assert found[0].free_beds == 3
    assert no_pets.pk not in [c.host.pk for c in found]


# Support ledger ------------------------------------------------------------------------------


def record(user, host, kind, *, amount=None, hours=None, on=0):
    return services.support_record(
        actor=actor_of(user), host=host, kind=kind, occurred_on=day(on), amount=amount, hours=hours
    )


def test_support_totals_are_sums_of_entries_and_money_is_decimal(operator, host):
    record(operator, host, "food_voucher", amount=Decimal("50.00"))
    record(operator, host, "food_voucher", amount=Decimal("0.10"))
    record(operator, host, "reimbursement", amount=Decimal("0.20"))
    record(operator, host, "home_care_hours", hours=Decimal("2.5"))
    totals = selectors.support_totals(entries=selectors.support_list(host=host))
    assert totals.food_vouchers == Decimal("50.10")
    assert totals.money == Decimal("50.30")
    assert totals.home_care_hours == Decimal("2.50")
    assert isinstance(totals.money, Decimal)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(st.decimals(min_value="0.01", max_value="999.99", places=2), min_size=1, max_size=6),
    reversed_mask=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_ledger_total_equals_sum_of_entries_not_reversed(operator, host, amounts, reversed_mask):
    # The ledger is append-only: each example counts from where the previous one left it.
    expected = selectors.support_totals(entries=selectors.support_list(host=host)).reimbursements
    for amount, undo in zip(amounts, reversed_mask, strict=False):
        entry = record(operator, host, "reimbursement", amount=amount)
        if undo:
            services.support_reverse(actor=actor_of(operator), entry=entry, reason="Errore")
        else:
            expected += amount
    totals = selectors.support_totals(entries=selectors.support_list(host=host))
    assert totals.reimbursements == expected


def test_support_measured_by_its_kind(operator, host):
    with pytest.raises(ValidationFailed) as refused:
        record(operator, host, "home_care_hours", amount=Decimal(10))
    assert set(refused.value.errors) == {"hours", "amount"}
    with pytest.raises(ValidationFailed):
        record(operator, host, "food_voucher", amount=Decimal("-5"))
    with pytest.raises(ValidationFailed):
        record(operator, host, "food_voucher", amount=Decimal(5), on=3)
    assert not HostSupportEntry.objects.exists()


def test_a_reversal_is_once_and_needs_a_reason(operator, host):
    entry = record(operator, host, "food_voucher", amount=Decimal(30))
    with pytest.raises(DomainError):
        services.support_reverse(actor=actor_of(operator), entry=entry, reason=" ")
    reversal = services.support_reverse(actor=actor_of(operator), entry=entry, reason="Doppio")
    assert reversal.amount == Decimal("-30.00")
    with pytest.raises(Conflict):
        services.support_reverse(actor=actor_of(operator), entry=entry, reason="Ancora")
    with pytest.raises(DomainError):
        services.support_reverse(actor=actor_of(operator), entry=reversal, reason="Annulla lo storno")
    assert HostSupportEntry.objects.count() == 2


def test_support_to_another_organisations_host_is_refused(other_org_operator, host):
    with pytest.raises(NotAllowed):
        record(other_org_operator, host, "food_voucher", amount=Decimal(5))
    assert not HostSupportEntry.objects.exists()


def test_placements_ending_within_a_week(operator, host):
    soon = place(operator, make_request(operator, n=1), host, -3, 5)
    later = make_host(operator, n=4)
    place(operator, make_request(operator, n=2), later, 0, 20)
    ending = list(selectors.placements_ending(actor=actor_of(operator)))
    assert ending == [soon]


def test_dates_are_dates(operator, host, emergency):
    placement = place(operator, emergency, host)
    assert isinstance(placement.start, datetime.date)


def test_support_entries_cannot_be_rewritten_or_deleted(operator, host):
    entry = record(operator, host, "food_voucher", amount=Decimal("50.00"))
    entry.amount = Decimal("5.00")

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        HostSupportEntry.objects.filter(pk=entry.pk).update(amount=Decimal("5.00"))
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert_database_refuses_changes(entry, column="amount", value=Decimal("5.00"))
