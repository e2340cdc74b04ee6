"""Registry hooks (export, erasure check), the work list and the periodic monthly task."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import membership_of_user
from abitare.core.exceptions import DomainError
from abitare.core.extensions import worklist_for
from abitare.core.schedule import periodic_jobs
from abitare.registry.models import HouseholdMember
from abitare.registry.services import person_erase, person_export
from abitare.tenancies import rights
from abitare.tenancies.models import LedgerEntry, TenancyExit
from abitare.tenancies.services import ledger_batch
from abitare.tenancies.services.tenancy import tenancy_exit
from abitare.tenancies.tests.factories import make_tenancy


def _person(tenancy):
    return HouseholdMember.objects.filter(household=tenancy.household).select_related("person").first().person


def test_erasure_waits_while_the_household_has_an_open_tenancy(tenancy, operator):
    person = _person(tenancy)

    reason = rights.open_tenancy_check(person, datetime.date(2025, 6, 1))

    assert reason is not None
    assert tenancy.reference in str(reason)
    with pytest.raises(DomainError):
        person_erase(actor=membership_of_user(operator), person=person)


def test_no_reason_once_the_tenancy_has_ended(tenancy, operator):
    tenancy_exit(actor=acting(operator), tenancy=tenancy, exited_on=datetime.date(2025, 3, 31), destination="family")

    assert rights.open_tenancy_check(_person(tenancy), datetime.date(2025, 6, 1)) is None


def test_the_data_subject_export_holds_the_tenancy_and_its_ledger(tenancy, operator):
    ledger_batch.charges_issue_month(month=datetime.date(2025, 1, 1))

    data = person_export(actor=membership_of_user(operator), person=_person(tenancy))

    section = data["tenancies"]
    assert section[0]["reference"] == tenancy.reference
    assert section[0]["ledger"][0]["kind"] == "charge"


def test_erasure_of_a_household_blanks_exit_notes(tenancy, operator):
    tenancy_exit(
        actor=acting(operator),
        tenancy=tenancy,
        exited_on=datetime.date(2025, 3, 31),
        destination="family",
        notes="Went to X",
    )

    rights.erase_exit_notes([tenancy.household_id])

    assert TenancyExit.objects.get().notes == ""


def test_the_renewal_deadline_is_on_the_work_list(world, operator):

    today = datetime.date.today()
    soon = make_tenancy(
        operator,
        world=world,
        contract_type="transitional",
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=20),
    )
    request = RequestFactory().get("/")
    request.user = operator
    request.session = SessionStore()

    items = [item for item in worklist_for(request) if item.kind == "tenancies.renewal"]

    assert [item.url for item in items] == [f"/locazioni/{soon.pk}/"]


def test_the_monthly_charge_job_is_registered_and_idempotent(tenancy):
    job = next(job for job in periodic_jobs() if job.name == "tenancies.charges_issue_month")

    job.task.call()
    job.task.call()

    assert LedgerEntry.objects.filter(kind="charge").count() == 1
