"""Data-subject exports of each member of a household with support notes and a protection measure:
an export holds what is about the person. Household records count only while the person was a
member; household-level notes only once the data protection officer (the auditor) released them
for that person, with a reason; the officer's pages are theirs alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.models import AccessLogEntry
from abitare.registry.models import ExportRelease, HouseholdMember, ProtectionMeasure
from abitare.registry.services import household_member_add, household_member_end, person_export, sensitive_record_add
from abitare.registry.services.releases import export_release_decide, release_key
from abitare.registry.tests.factories import actor_of, make_person
from abitare.tenancies.models import MediationNote, MeetingNote
from abitare.tenancies.services import support as services
from abitare.tenancies.tests.support_helpers import CASE_NOTE, MEETING_NOTE, days_ago, make_support_world
from conftest import client_for

EARLY_NOTE = "NOTA-PRIMA-5521 quando vivevano insieme"
MEASURE_NOTE = "MISURA-RISERVATA-3390 ordine di allontanamento"


@pytest.fixture
def family(world, sensitive_operator):
    """Anna (under a protection measure, address confidential) and Marco, who left 30 days ago;
    a note from 40 days ago (both members) and one from 10 days ago (Anna alone)."""
    sw = make_support_world(world, sensitive_operator)
    actor = actor_of(sensitive_operator)
    marco = make_person(sensitive_operator, territory=world.neighbourhood, n=3, first_name="Marco", sex="M")
    member = household_member_add(
        actor=actor, household=sw.household, person=marco, relationship="partner", start_date=days_ago(200)
    )
    early = services.meeting_record(
        actor=actor, plan=sw.plan, held_on=days_ago(40), summary="Colloquio di coppia", note=EARLY_NOTE
    )
    household_member_end(actor=actor, member=member, end_date=days_ago(30))
    sensitive_record_add(
        actor=actor,
        person=sw.person,
        model=ProtectionMeasure,
        kind="removal_order",
        start_date=days_ago(30),
        address_confidential=True,
        notes=MEASURE_NOTE,
    )
    return {"sw": sw, "anna": sw.person, "marco": marco, "early": early}


def _export(user, person):
    return person_export(actor=actor_of(user), person=person)


def _key(text):
    return release_key(MeetingNote.objects.get(text=text), "text")


def test_the_member_who_left_gets_nothing_of_what_happened_after(family, sensitive_operator):
    data = _export(sensitive_operator, family["marco"])
    text = str(data)

    assert [meeting["summary"] for meeting in data["support"]["plans"][0]["meetings"]] == ["Colloquio di coppia"]
    assert MEETING_NOTE not in text
    assert EARLY_NOTE not in text  # about the household: waits for the officer
    assert CASE_NOTE not in text
    assert MEASURE_NOTE not in text  # Anna's protection measure is hers
    assert data["households"][0]["household"]["address"] == ""  # where Anna lives now
    assert data["household_records_withheld"]["pending"] == 2  # the early note and the mediation's
    assert set(ExportRelease.objects.get(person=family["marco"]).records) == {
        _key(EARLY_NOTE),
        release_key(MediationNote.objects.get(text=CASE_NOTE), "text"),
    }


def test_the_member_under_protection_gets_her_own_records_and_her_notes_once_released(
    family, sensitive_operator, auditor
):
    anna = family["anna"]
    withheld = _export(sensitive_operator, anna)
    release = ExportRelease.objects.get(person=anna)
    export_release_decide(
        actor=actor_of(auditor), release=release, released=[_key(MEETING_NOTE)], reason="Colloquio con lei sola"
    )
    released = _export(sensitive_operator, anna)

    assert MEASURE_NOTE in str(withheld)  # her own sensitive record, for a member with the permission
    assert MEETING_NOTE not in str(withheld)
    assert withheld["household_records_withheld"]["pending"] == 3
    meetings = {meeting["summary"]: meeting["notes"] for meeting in released["support"]["plans"][0]["meetings"]}
    assert meetings == {"Colloquio svolto": [MEETING_NOTE], "Colloquio di coppia": []}
    assert EARLY_NOTE not in str(released)
    assert released["household_records_withheld"] == {
        "pending": 0,
        "withheld_by_decision": 2,
        "message": "Alcuni dati riferiti all'intero nucleo sono stati trattenuti dal responsabile della protezione"
        " dei dati.",
    }
    assert ExportRelease.objects.filter(person=anna, status="pending").count() == 0


def test_a_release_for_one_member_gives_nothing_to_the_other(family, sensitive_operator, auditor):
    _export(sensitive_operator, family["anna"])
    release = ExportRelease.objects.get(person=family["anna"])
    export_release_decide(actor=actor_of(auditor), release=release, released=release.records, reason="Sue")

    marco = _export(sensitive_operator, family["marco"])

    assert EARLY_NOTE not in str(marco)
    assert marco["household_records_withheld"]["pending"] == 2


def test_the_address_in_the_export_is_masked_for_staff_without_the_sensitive_permission(family, operator, world):
    plain = _export(operator, family["anna"])
    allowed = _export(make_member_with_flag(world), family["anna"])

    assert plain["households"][0]["household"]["address"] == "Indirizzo riservato"
    assert "Via Roma 1" not in str(plain)
    assert allowed["households"][0]["household"]["address"] == "Via Roma 1"


def make_member_with_flag(world):
    return make_member(
        organisation=world.organisation, territory=world.district, role=Role.COORDINATOR, sensitive_data=True
    )


def test_an_export_without_the_notes_permission_asks_the_officer_nothing_about_notes(family, coordinator):
    data = _export(coordinator, family["anna"])

    assert data["support"]["support_notes_included"] is False
    assert data["household_records_withheld"]["pending"] == 0
    assert not ExportRelease.objects.filter(person=family["anna"]).exists()


# The officer's decision ---------------------------------------------------------------------


@pytest.fixture
def waiting(family, sensitive_operator):
    _export(sensitive_operator, family["anna"])
    return ExportRelease.objects.get(person=family["anna"])


@pytest.fixture
def other_org_auditor(world):
    return make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.AUDITOR, username="dpo_sud"
    )


def _untouched(release):
    release.refresh_from_db()
    return release.status == "pending" and release.released == [] and release.decided_by is None


@pytest.mark.parametrize("who", ["sensitive_operator", "coordinator", "administrator", "other_org_auditor"])
def test_only_the_officer_of_the_persons_organisation_decides(waiting, request, who):
    actor = actor_of(request.getfixturevalue(who))

    with pytest.raises(NotAllowed):
        export_release_decide(actor=actor, release=waiting, released=waiting.records, reason="Perché sì")

    assert _untouched(waiting)


def test_a_decision_needs_a_reason_and_records_of_the_request(waiting, auditor):
    with pytest.raises(DomainError):
        export_release_decide(actor=actor_of(auditor), release=waiting, released=waiting.records, reason="  ")
    with pytest.raises(DomainError):
        export_release_decide(
            actor=actor_of(auditor), release=waiting, released=["tenancies.meetingnote:999:text"], reason="Sì"
        )

    assert _untouched(waiting)


def test_a_decision_is_taken_once_and_keeps_its_history(waiting, auditor):
    export_release_decide(actor=actor_of(auditor), release=waiting, released=[], reason="Riguardano il nucleo")

    with pytest.raises(Conflict):
        export_release_decide(actor=actor_of(auditor), release=waiting, released=waiting.records, reason="Ripensato")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.released, waiting.decided_by) == ("decided", [], auditor)
    assert [row.status for row in waiting.history.order_by("history_date")] == ["pending", "decided"]


PAGES = ("registry:export-release-list", "registry:export-release-detail")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("sensitive_operator", 403),
        ("coordinator", 403),
        ("other_org_auditor", 404),
    ],
)
def test_the_officers_pages_refuse_everyone_else_and_a_refused_post_changes_nothing(waiting, request, who, status):
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    detail = reverse("registry:export-release-detail", args=[waiting.pk])

    listing = client.get(reverse("registry:export-release-list"))
    page = client.get(detail)
    posted = client.post(detail, {"released": waiting.records, "reason": "Perché sì"})

    assert listing.status_code == (200 if who == "other_org_auditor" else status)
    if who == "other_org_auditor":
        assert str(waiting.person) not in listing.content.decode()
    assert (page.status_code, posted.status_code) == (status, status)
    assert EARLY_NOTE not in page.content.decode()
    assert _untouched(waiting)


def test_the_officer_reads_the_records_and_decides_on_the_page(waiting, auditor, family):
    client = client_for(auditor)
    detail = reverse("registry:export-release-detail", args=[waiting.pk])

    listing = client.get(reverse("registry:export-release-list")).content.decode()
    page = client.get(detail).content.decode()
    reads = AccessLogEntry.objects.filter(username="auditor", purpose="export release decision")
    logged = sorted(reads.values_list("record_type", flat=True))
    without_reason = client.post(detail, {"released": [_key(MEETING_NOTE)], "reason": ""})
    decided = client.post(detail, {"released": [_key(MEETING_NOTE)], "reason": "Colloquio con lei sola"})

    waiting.refresh_from_db()
    assert str(family["anna"]) in listing
    assert MEETING_NOTE in page
    assert EARLY_NOTE in page
    assert CASE_NOTE in page
    assert logged == ["registry.person", "tenancies.mediationnote", "tenancies.meetingnote", "tenancies.meetingnote"]
    assert without_reason.status_code == 400
    assert decided.status_code == 302
    assert (waiting.status, waiting.released, waiting.reason) == (
        "decided",
        [_key(MEETING_NOTE)],
        "Colloquio con lei sola",
    )


def test_the_officers_work_list_shows_the_waiting_request(waiting, auditor, family):
    page = client_for(auditor).get(reverse("web:worklist")).content.decode()

    assert reverse("registry:export-release-detail", args=[waiting.pk]) in page


def test_a_new_note_after_a_decision_waits_for_a_new_one(family, sensitive_operator, auditor):
    _export(sensitive_operator, family["anna"])
    first = ExportRelease.objects.get(person=family["anna"])
    export_release_decide(actor=actor_of(auditor), release=first, released=first.records, reason="Sue")
    services.meeting_record(
        actor=actor_of(sensitive_operator),
        plan=family["sw"].plan,
        held_on=days_ago(1),
        summary="Colloquio",
        note="NUOVA-NOTA-1200",
    )

    data = _export(sensitive_operator, family["anna"])

    assert data["household_records_withheld"]["pending"] == 1
    assert ExportRelease.objects.get(person=family["anna"], status="pending").records == [_key("NUOVA-NOTA-1200")]
    assert HouseholdMember.objects.filter(person=family["marco"], end_date=days_ago(30)).exists()
