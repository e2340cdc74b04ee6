"""The administrator's and the auditor's dashboard figures: users and memberships, locked
accounts; reads per day, users reading many records, exports, within the scope."""

import datetime
from unittest import mock

from axes.models import AccessAttempt
from django.utils import timezone

from abitare.accounts import selectors
from abitare.accounts.models import Membership, Role
from abitare.accounts.tests.factories import make_member
from abitare.core import selectors as access
from abitare.core.figures import Trend
from abitare.core.models import AccessLogEntry
from abitare.registry.tests.factories import actor_of


def test_users_and_memberships_count_the_administrator_scope(world, administrator, operator, other_org_operator):
    make_member(organisation=world.organisation, territory=world.municipality, role=Role.FACILITATOR)
    switched_off = make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR)
    Membership.objects.filter(user=switched_off).update(is_active=False)
    # A membership of the home organisation outside the administrator's district (written as it
    # stands in the database: the service would refuse a district the organisation does not serve).
    outside = make_member(organisation=world.other_organisation, territory=world.other_district)
    Membership.objects.create(
        user=outside, organisation=world.organisation, territory=world.other_district, role=Role.OPERATOR
    )

    members = selectors.members_count(actor=actor_of(administrator), today=timezone.localdate())
    assert members.users == 3
    assert members.by_role["administrator"] == 1
    assert members.by_role["operator"] == 1
    assert members.by_role["facilitator"] == 1
    assert members.inactive == 1
    assert members.trend == Trend(4, 0)


def _attempt(username, failures, when=None):
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )
    if when is not None:
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)


def test_accounts_locked_out_are_those_in_scope_past_the_failure_limit(
    world, administrator, operator, other_org_operator, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 0.5
    blocked = make_member(organisation=world.organisation, territory=world.district, username="bloccato")
    _attempt(blocked.username, 5)
    _attempt(operator.username, 2)
    _attempt(other_org_operator.username, 9)
    expired = make_member(organisation=world.organisation, territory=world.district, username="scaduto")
    _attempt(expired.username, 7, when=timezone.now() - datetime.timedelta(hours=2))
    assert selectors.accounts_locked(actor=actor_of(administrator), now=timezone.now()) == ["bloccato"]


def _read(auditor_world, username, record_id, when, *, channel="page", organisation=None, path=None):
    world = auditor_world
    organisation = organisation or world.organisation
    # The log is append-only and stamps rows on insert: insert at the moment wanted.
    with mock.patch("django.utils.timezone.now", return_value=when):
        AccessLogEntry.objects.create(
            username=username,
            organisation_id=organisation.pk,
            organisation_name=organisation.name,
            territory_id=world.district.pk,
            territory_path=path or world.district.path,
            role="operator",
            record_type="registry.person",
            record_id=str(record_id),
            channel=channel,
            path="/persone/",
        )


def test_reads_per_day_heavy_readers_and_exports_count_the_auditor_scope(world, auditor):
    today = timezone.localdate()
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=timezone.get_current_timezone())
    yesterday = noon - datetime.timedelta(days=1)
    for record in range(4):
        _read(world, "mario", record, noon)
    _read(world, "mario", 0, noon)  # the same record again: one record
    _read(world, "anna", 1, yesterday)
    _read(world, "anna", 2, yesterday, channel="export")
    _read(world, "altro", 3, noon, organisation=world.other_organisation)
    _read(world, "fuori", 3, noon, path=world.other_district.path)
    actor = actor_of(auditor)

    per_day = access.access_reads_per_day(actor=actor, today=today, days=3)
    assert list(per_day.values()) == [0, 2, 5]
    assert list(per_day) == [today - datetime.timedelta(days=2), today - datetime.timedelta(days=1), today]

    heavy = access.access_heavy_readers(actor=actor, today=today, threshold=3)
    assert heavy == [access.HeavyReader("mario", today, 4)]
    assert access.access_heavy_readers(actor=actor, today=today, threshold=4) == []

    assert access.access_exports(actor=actor, today=today) == Trend(1, 0)
