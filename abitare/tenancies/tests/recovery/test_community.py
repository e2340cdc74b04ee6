"""Community-work restitution: hours confirmed by the task's supervisor only, credited at the
territory's rate through the ledger service; the report."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.registry.models import HouseholdMember
from abitare.registry.services.releases import export_context
from abitare.tenancies.models import CommunityTask, CommunityWorkSession, LedgerEntry
from abitare.tenancies.models._rules import Confidence
from abitare.tenancies.recovery_rights import export_recovery
from abitare.tenancies.selectors.community import community_report
from abitare.tenancies.services.community import rate_add, session_confirm, session_record, session_reject, task_create

WORKED = datetime.date(2025, 3, 3)


@pytest.fixture
def rate(world, administrator):
    return rate_add(
        actor=acting(administrator),
        territory=world.district,
        hourly_rate=Decimal("12.50"),
        valid_from=datetime.date(2025, 1, 1),
        valid_to=None,
        source="Accordo di prova",
        confidence=Confidence.EXAMPLE,
    )


@pytest.fixture
def task(membership, facilitator):
    return task_create(
        actor=membership, kind=CommunityTask.Kind.GREEN, title="Giardino condominiale", supervisor=facilitator
    )


@pytest.fixture
def session(membership, task, tenancy):
    return session_record(actor=membership, task=task, tenancy=tenancy, worked_on=WORKED, hours="2.5")


def test_the_supervisor_confirms_and_the_hours_are_credited(facilitator, session, rate, tenancy):
    confirmed = session_confirm(actor=acting(facilitator), session=session)

    assert confirmed.status == CommunityWorkSession.Status.CONFIRMED
    assert confirmed.amount == Decimal("31.25")
    entry = LedgerEntry.objects.get(tenancy=tenancy)
    assert (entry.kind, entry.signed_amount, entry.value_date) == ("community_work", Decimal("-31.25"), WORKED)
    assert entry.source_ref == f"community-session:{session.pk}"


def test_hours_not_confirmed_by_their_supervisor_are_refused_and_nothing_changes(operator, session, rate):
    with pytest.raises(NotAllowed) as error:
        session_confirm(actor=acting(operator), session=session)

    assert error.value.code == "not_supervisor"
    assert CommunityWorkSession.objects.get(pk=session.pk).status == CommunityWorkSession.Status.RECORDED
    assert not LedgerEntry.objects.exists()


def test_confirmed_twice_is_a_conflict(facilitator, session, rate):
    session_confirm(actor=acting(facilitator), session=session)

    with pytest.raises(Conflict):
        session_confirm(actor=acting(facilitator), session=session)
    assert LedgerEntry.objects.count() == 1


def test_no_rate_no_credit(facilitator, session):
    with pytest.raises(DomainError) as error:
        session_confirm(actor=acting(facilitator), session=session)

    assert error.value.code == "no_rate"
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-1", "12.5", "1.1", "abc"])
def test_bad_hours_are_refused(membership, task, tenancy, hours):
    with pytest.raises(DomainError) as error:
        session_record(actor=membership, task=task, tenancy=tenancy, worked_on=WORKED, hours=hours)

    assert error.value.field == "hours"
    assert not CommunityWorkSession.objects.exists()


def test_supervisor_of_another_organisation_is_refused(world, membership):
    stranger = make_member(organisation=world.other_organisation, territory=world.other_district)

    with pytest.raises(DomainError) as error:
        task_create(actor=membership, kind="mail", title="Posta", supervisor=stranger)

    assert error.value.field == "supervisor"


def test_rejection_credits_nothing(facilitator, session):
    rejected = session_reject(actor=acting(facilitator), session=session, reason="Ore non svolte")

    assert rejected.status == CommunityWorkSession.Status.REJECTED
    assert not LedgerEntry.objects.exists()


def test_report_per_tenancy_and_per_task(membership, facilitator, task, tenancy, tenancy_b, rate):
    first = session_record(actor=membership, task=task, tenancy=tenancy, worked_on=WORKED, hours="2")
    session_record(actor=membership, task=task, tenancy=tenancy_b, worked_on=WORKED, hours="1")
    session_confirm(actor=acting(facilitator), session=first)

    report = community_report(actor=membership)

    assert [(r.label, r.confirmed_hours, r.credited, r.pending_hours) for r in report["by_tenancy"]] == [
        (tenancy.reference, Decimal("2.00"), Decimal("25.00"), Decimal("0")),
        (tenancy_b.reference, Decimal("0"), Decimal("0"), Decimal("1.00")),
    ]
    assert (report["hours"], report["credited"], report["pending"]) == (
        Decimal("2.00"),
        Decimal("25.00"),
        Decimal("1.00"),
    )


def test_the_data_subject_export_has_the_recovery_section(membership, facilitator, session, rate, tenancy):

    session_confirm(actor=acting(facilitator), session=session)
    person = HouseholdMember.objects.filter(household=tenancy.household).first().person

    name, data = export_recovery(person, membership, export_context(actor=membership, person=person))

    assert name == "arrears_recovery"
    assert data["community_work"][0]["amount"] == "31.25"
    json.dumps(data)  # plain JSON values only
