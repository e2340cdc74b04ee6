"""The landing page: each role's dashboard with figures linking to their lists, and beside it the
work list grouped by kind, late items first with how late, filterable by kind and lateness."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from abitare.accounts.permissions import ADMINISTRATION
from abitare.core.extensions import (
    WorkItem,
    _dashboards,
    dashboard_for,
    days_late,
    register_dashboard,
    register_work_kinds,
    register_worklist,
    registry,
    worklist_grouped,
)
from abitare.core.figures import Figure
from abitare.registry.models import Consultation
from conftest import client_for

ROLE_FIGURES = {
    "operator": [
        ("registry.consultations_open", "/persone/sportello/"),
        ("registry.follow_ups_due", "/persone/sportello/"),
        ("assessments.quadrants", None),
        ("matching.applications", None),
        ("matching.offers_waiting", "status=sent"),
        ("housing.vacancies", None),
        ("housing.days_vacant", None),
        ("tenancies.arrears", "status=open"),
        ("tenancies.plans_breached", "status=breached"),
        ("tenancies.hours_pending", None),
        ("hosting.requests_open", "status=open"),
    ],
    "facilitator": [
        ("labs.next_sessions", None),
        ("labs.registrations", None),
        ("labs.attendance_missing", None),
        ("labs.volunteer_hours", None),
        ("labs.help_unmatched", None),
    ],
    "administrator": [
        ("accounts.users", None),
        ("accounts.locked", None),
        ("assessments.without_instrument", None),
        ("matching.without_rules", None),
        ("housing.without_agreement", None),
    ],
    "auditor": [("audit.reads", "date_from="), ("audit.heavy_readers", None), ("audit.exports", None)],
}
ALL_KEYS = {key for figures in ROLE_FIGURES.values() for key, _link in figures}


def _figures(page: str) -> dict[str, str]:
    """Each figure's key and the link of its title."""
    found = re.findall(r'data-figure="([^"]+)".*?<h3[^>]*>\s*<a href="([^"]+)"', page, flags=re.S)
    return dict(found)


@pytest.mark.parametrize("role", ["operator", "facilitator", "administrator", "auditor"])
def test_each_role_lands_on_its_dashboard_with_figures_linking_to_their_lists(role, request):
    user = request.getfixturevalue(role)
    response = client_for(user).get("/lavoro/")
    assert response.status_code == 200
    figures = _figures(response.content.decode())
    expected = ROLE_FIGURES[role]
    assert set(figures) == {key for key, _link in expected}
    for key, fragment in expected:
        assert figures[key].startswith("/")
        if fragment:
            assert fragment in figures[key].replace("&amp;", "&")


def test_the_coordinator_sees_the_casework_figures_compared_across_territories(world, coordinator):
    for territory in (world.district, world.municipality, world.municipality):
        Consultation.objects.create(
            organisation=world.organisation,
            territory=territory,
            operator=coordinator,
            topic="other",
            follow_up_on=timezone.localdate(),
        )
    page = client_for(coordinator).get("/lavoro/").content.decode()
    assert set(_figures(page)) == {key for key, _link in ROLE_FIGURES["operator"]}
    assert 'data-testid="territories"' in page
    assert 'id="territories-registry.consultations_open"' in page  # the bars' specification
    assert page.index("Comune Alfa") < page.index("Distretto Nord", page.index('data-testid="territories"'))


def test_an_operator_sees_no_territory_comparison(world, operator):
    Consultation.objects.create(
        organisation=world.organisation,
        territory=world.municipality,
        operator=operator,
        topic="other",
        follow_up_on=timezone.localdate(),
    )
    page = client_for(operator).get("/lavoro/").content.decode()
    assert 'data-testid="territories"' not in page


def test_a_reviewer_has_no_figures_only_the_work_list(reviewer):
    page = client_for(reviewer).get("/lavoro/").content.decode()
    assert not set(_figures(page)) & ALL_KEYS
    assert 'data-testid="dashboard"' not in page


def _items(today):
    return [
        WorkItem(kind="test.calls", title="Richiamare Verdi", url="/a/", due=today + datetime.timedelta(days=2)),
        WorkItem(kind="test.calls", title="Richiamare Rossi", url="/b/", due=today - datetime.timedelta(days=3)),
        WorkItem(kind="test.visits", title="Visita Neri", url="/c/", due=today + datetime.timedelta(days=1)),
        WorkItem(kind="test.visits", title="Visita senza data", url="/d/"),
    ]


def test_the_work_list_groups_by_kind_with_late_groups_and_items_first():
    today = datetime.date(2026, 3, 10)
    groups = worklist_grouped(_items(today), today=today)
    assert [group.kind for group in groups] == ["test.calls", "test.visits"]
    assert [item.title for item in groups[0].items] == ["Richiamare Rossi", "Richiamare Verdi"]
    assert groups[0].overdue == 1
    assert groups[1].overdue == 0
    assert [item.title for item in groups[1].items] == ["Visita Neri", "Visita senza data"]
    assert days_late(groups[0].items[0], today) == 3
    assert days_late(groups[0].items[1], today) == 0


def test_the_work_list_filters_by_kind_and_lateness():
    today = datetime.date(2026, 3, 10)
    assert [g.kind for g in worklist_grouped(_items(today), today=today, kind="test.visits")] == ["test.visits"]
    late = worklist_grouped(_items(today), today=today, late_only=True)
    assert [[item.title for item in group.items] for group in late] == [["Richiamare Rossi"]]


def test_the_page_shows_groups_how_late_and_filters(administrator):
    today = timezone.localdate()

    def provider(request):
        return _items(today)

    register_worklist(ADMINISTRATION, provider)
    register_work_kinds({"test.calls": "Telefonate", "test.visits": "Visite"})
    try:
        client = client_for(administrator)
        page = client.get("/lavoro/").content.decode()
        assert page.index("Telefonate") < page.index("Visite")
        assert 'data-late="3"' in page
        assert "3 giorni di ritardo" in page
        filtered = client.get("/lavoro/", {"kind": "test.visits"}).content.decode()
        assert "Visita Neri" in filtered
        assert "Richiamare Rossi" not in filtered
        late = client.get("/lavoro/", {"late": "1"}).content.decode()
        assert "Richiamare Rossi" in late
        assert "Visita Neri" not in late
        unknown = client.get("/lavoro/", {"kind": "nonsense"})
        assert unknown.status_code == 200
        assert "Visita Neri" in unknown.content.decode()
        fragment = client.get("/lavoro/", {"kind": "test.calls"}, headers={"HX-Request": "true"}).content.decode()
        assert "Richiamare Rossi" in fragment
        assert "<html" not in fragment
        assert 'data-testid="dashboard"' not in fragment
    finally:
        registry.worklist.remove((ADMINISTRATION, provider))


class _Everyone:
    name = "everyone"
    public = False

    def allows(self, request):
        return True


def test_figures_are_kept_per_scope_for_the_cache_period_and_recomputed_without_it():
    calls = []

    def provider(request):
        calls.append(request)
        return [Figure(key="test.figure", label="Prova", value=len(calls), url="/x/")]

    rule = _Everyone()
    request = SimpleNamespace(user=AnonymousUser())  # the modules' own rules refuse it
    register_dashboard(rule, provider)
    try:
        first = dashboard_for(request, scope_key="1:2:operator:it:2026-06-30", seconds=60)
        again = dashboard_for(request, scope_key="1:2:operator:it:2026-06-30", seconds=60)
        other = dashboard_for(request, scope_key="1:3:operator:it:2026-06-30", seconds=60)
        live = dashboard_for(request)
        assert [f.value for f in first if f.key == "test.figure"] == [1]
        assert [f.value for f in again if f.key == "test.figure"] == [1]
        assert [f.value for f in other if f.key == "test.figure"] == [2]
        assert [f.value for f in live if f.key == "test.figure"] == [3]
    finally:
        _dashboards.remove((rule, provider))
