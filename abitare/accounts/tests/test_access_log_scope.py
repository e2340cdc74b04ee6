"""The access log is scoped: an auditor sees only the reads made within their organisation and
territory subtree, on the page, in the API and in the filter choices; filters only narrow."""

from __future__ import annotations

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.db import connection
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abitare.accounts.models import Membership, Role
from abitare.accounts.tests.factories import make_member, make_territory, membership_of_user
from abitare.core.append_only import guard_lifted
from abitare.core.audit import log_read
from abitare.core.models import AccessLogEntry
from abitare.registry.tests.factories import make_person
from conftest import client_for

PAGE = "/accounts/audit/access-log/"
API = "/api/v1/access-log/"


def _read(reader, record, *, membership=None):
    request = RequestFactory().get("/persone/1/")
    request.user = reader
    return log_read(request, record, actor=membership or membership_of_user(reader))


@pytest.fixture
def reads(world, operator, other_org_operator, coordinator):
    """One read in each organisation, and one in the other municipality of our district."""
    south = make_territory("Comune Gamma", "municipality", world.district, "099003")
    south_operator = make_member(organisation=world.organisation, territory=south, username="south_operator")
    return {
        "ours": _read(operator, coordinator),
        "theirs": _read(other_org_operator, other_org_operator),
        "south": _read(south_operator, south_operator),
    }


@pytest.fixture
def other_org_auditor(world):
    return make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.AUDITOR, username="auditor_b"
    )


@pytest.fixture
def municipality_auditor(world):
    return make_member(
        organisation=world.organisation, territory=world.municipality, role=Role.AUDITOR, username="auditor_alfa"
    )


def _api_ids(user, query=""):
    return {row["id"] for row in client_for(user).get(API + query).json()["results"]}


def test_an_auditor_sees_the_reads_of_their_own_organisation_and_subtree_only(reads, auditor, other_org_auditor):
    ours = client_for(auditor).get(PAGE).content.decode()
    theirs = client_for(other_org_auditor).get(PAGE).content.decode()

    assert _api_ids(auditor) == {reads["ours"].pk, reads["south"].pk}
    assert _api_ids(other_org_auditor) == {reads["theirs"].pk}
    assert "other_org_operator" not in ours
    assert "south_operator" in ours
    assert "operator" not in theirs.replace("other_org_operator", "")
    assert "Agenzia Nord" not in theirs


def test_an_auditor_of_a_municipality_sees_only_reads_made_within_it(reads, municipality_auditor, world):
    inside = make_member(organisation=world.organisation, territory=world.neighbourhood, username="uno_operator")
    read_inside = _read(inside, inside)

    assert _api_ids(municipality_auditor) == {read_inside.pk}


@pytest.mark.parametrize(
    "query",
    [
        "?username=other_org_operator",
        "?record_type=accounts.user",
        "?organisation_id={org}",
        "?organisation={org}",
        "?territory_path=/",
        "?record_id={record}",
    ],
)
def test_filters_never_widen_the_scope(reads, auditor, world, query):
    filled = query.format(org=world.other_organisation.pk, record=reads["theirs"].record_id)

    assert reads["theirs"].pk not in _api_ids(auditor, filled)
    assert "<td>other_org_operator</td>" not in client_for(auditor).get(PAGE + filled).content.decode()


def test_the_record_types_offered_are_those_read_in_scope_by_their_name(reads, auditor, other_org_auditor, world):
    _read(membership_of_user(auditor).user, world.other_organisation)  # an organisation, read by our auditor

    theirs = client_for(other_org_auditor).get(PAGE).content.decode()
    ours = client_for(auditor).get(PAGE).content.decode()

    assert '<option value="accounts.organisation"' in ours
    assert '<option value="accounts.organisation"' not in theirs
    assert '<option value="accounts.user" >Utente</option>' in theirs


def test_the_api_gives_the_record_type_by_its_name(reads, auditor):
    (row,) = [row for row in client_for(auditor).get(API).json()["results"] if row["id"] == reads["ours"].pk]

    assert (row["record_type"], row["record_type_label"]) == ("accounts.user", "Utente")


def test_a_read_through_an_api_token_carries_the_membership_in_force(world, operator, auditor, other_org_auditor):

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=operator).key}")
    person = make_person(operator)

    assert client.get(f"/api/v1/persons/{person.pk}/").status_code == 200

    entry = AccessLogEntry.objects.get(record_type="registry.person", record_id=str(person.pk))
    assert (entry.organisation_id, entry.territory_path) == (world.organisation.pk, world.district.path)
    assert entry.pk in _api_ids(auditor)
    assert entry.pk not in _api_ids(other_org_auditor)


@pytest.mark.parametrize("user", ["anonymous", "operator", "coordinator", "administrator", "other_org_operator"])
def test_only_auditors_reach_the_access_log(reads, user, request):
    client = client_for(request.getfixturevalue(user)) if user != "anonymous" else request.getfixturevalue("client")

    page = client.get(PAGE)
    api = client.get(API)

    assert page.status_code == (302 if user == "anonymous" else 403)
    assert api.status_code == (401 if user == "anonymous" else 403)
    assert AccessLogEntry.objects.count() == 3


# The migration that fills older entries ----------------------------------------------------

backfill_module = importlib.import_module("abitare.core.migrations.0004_access_log_reader_territory_backfill")


def _old_entry(user, *, organisation_id, role):
    return AccessLogEntry.objects.create(
        user=user,
        username=user.username,
        organisation_id=organisation_id,
        role=role,
        record_type="accounts.user",
        record_id="1",
        channel="page",
        path="/",
    )


def test_the_backfill_takes_the_territory_of_the_one_matching_membership(world, operator, other_org_operator):
    entry = _old_entry(operator, organisation_id=world.organisation.pk, role="operator")

    with guard_lifted(connection, "core_accesslogentry"):
        backfill_module.backfill(apps)

    entry.refresh_from_db()
    assert (entry.organisation_id, entry.territory_id, entry.territory_path) == (
        world.organisation.pk,
        world.district.pk,
        world.district.path,
    )


def test_the_backfill_takes_the_common_territory_of_several_memberships(world, operator):
    Membership.objects.create(
        user=operator, organisation=world.organisation, territory=world.municipality, role="coordinator"
    )
    neighbourhood = Membership.objects.create(
        user=operator, organisation=world.organisation, territory=world.neighbourhood, role="facilitator"
    )
    by_role = _old_entry(operator, organisation_id=world.organisation.pk, role="facilitator")
    by_token = _old_entry(operator, organisation_id=None, role="")

    with guard_lifted(connection, "core_accesslogentry"):
        backfill_module.backfill(apps)

    by_role.refresh_from_db()
    by_token.refresh_from_db()
    assert by_role.territory_path == neighbourhood.territory.path
    assert (by_token.organisation_id, by_token.organisation_name) == (world.organisation.pk, "Agenzia Nord")
    assert by_token.territory_path == world.district.path


def test_the_backfill_leaves_what_it_cannot_tell_and_no_auditor_sees_it(world, operator, auditor):
    Membership.objects.create(user=operator, organisation=world.other_organisation, territory=world.other_district)
    Membership.objects.create(
        user=operator, organisation=world.organisation, territory=world.other_district, role="coordinator"
    )
    two_organisations = _old_entry(operator, organisation_id=None, role="")
    two_districts = _old_entry(operator, organisation_id=world.organisation.pk, role="")

    with guard_lifted(connection, "core_accesslogentry"):
        backfill_module.backfill(apps)

    two_organisations.refresh_from_db()
    two_districts.refresh_from_db()
    assert (two_organisations.organisation_id, two_organisations.territory_path) == (None, "")
    assert (two_districts.organisation_id, two_districts.territory_path) == (world.organisation.pk, "")
    assert _api_ids(auditor) == set()


@pytest.mark.parametrize(
    ("paths", "common"),
    [(["/1/4/9/"], "/1/4/9/"), (["/1/4/9/", "/1/4/"], "/1/4/"), (["/1/4/", "/1/5/"], "/1/"), (["/1/", "/2/"], "")],
)
def test_common_path(paths, common):
    assert backfill_module.common_path(paths) == common


def test_the_auditor_exports_the_reads_in_scope_only(reads, auditor, operator):
    response = client_for(auditor).get(PAGE, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    users = {row[1] for row in rows[1:]}
    assert rows[0][:2] == ["Quando", "Utente"]
    assert "other_org_operator" not in users
    assert operator.username in users
    assert not AccessLogEntry.objects.filter(channel="export").exists()  # the log's export is not logged again
    assert client_for(operator).get(PAGE, {"export": "csv"}).status_code == 403
