"""The shell: public home, work list with items from registered providers, navigation by role,
task progress fragment, error pages."""

import datetime

from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.permissions import ADMINISTRATION, STAFF
from abitare.accounts.tests.factories import make_member
from abitare.core.extensions import (
    NAV_GROUPS,
    NavItem,
    WorkItem,
    nav_groups_for,
    register_nav,
    register_worklist,
    registry,
)
from abitare.core.tasks import progress_create, progress_finish, progress_update
from conftest import client_for


def test_the_public_home_needs_no_account(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Accesso operatori" in response.content.decode()


def test_navigation_shows_only_what_the_role_may_use(operator, administrator, auditor):
    assert "/accounts/security/" not in client_for(operator).get("/lavoro/").content.decode()
    assert "/accounts/security/" in client_for(administrator).get("/lavoro/").content.decode()
    auditor_page = client_for(auditor).get("/lavoro/").content.decode()
    assert "/accounts/audit/access-log/" in auditor_page
    assert "/accounts/security/" not in auditor_page


def test_modules_add_items_to_the_work_list_for_the_roles_they_name(operator, administrator):
    def provider(request):
        return [WorkItem(kind="test", title="Richiamare la famiglia Verdi", url="/x/", due=datetime.date(2026, 12, 1))]

    register_worklist(ADMINISTRATION, provider)
    try:
        assert "Richiamare la famiglia Verdi" in client_for(administrator).get("/lavoro/").content.decode()
        assert "Richiamare la famiglia Verdi" not in client_for(operator).get("/lavoro/").content.decode()
    finally:
        registry.worklist.remove((ADMINISTRATION, provider))


def test_nav_registration_is_idempotent():
    before = len(registry.nav)
    register_nav(NavItem("worklist", "Lista", "web:worklist", STAFF))
    assert len(registry.nav) == before


def test_the_progress_fragment_polls_until_the_task_finishes(operator, other_org_operator):
    progress = progress_create(owner_id=operator.pk, label="Import", total=200)
    progress_update(progress.pk, done=50)
    client = client_for(operator)
    fragment = client.get(f"/tasks/{progress.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="25"' in fragment
    assert 'hx-trigger="every 1s"' in fragment
    assert "<html" not in fragment
    progress_finish(progress.pk, message="200 righe importate", result_url="/lavoro/")
    done = client.get(f"/tasks/{progress.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert "200 righe importate" in done
    assert client_for(other_org_operator).get(f"/tasks/{progress.pk}/").status_code == 404
    api = client.get(f"/api/v1/tasks/{progress.pk}/").json()
    assert api["percent"] == 100
    assert api["finished"] is True


def test_an_unknown_page_is_a_readable_404(operator):
    response = client_for(operator).get("/no-such-page/")
    assert response.status_code == 404
    assert "La pagina non esiste" in response.content.decode()


def test_the_interpreter_module_binds_its_import_to_the_vega_global(client):
    response = client.get("/js/vega-interpreter.js")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("const { ascending, isString, DisallowedObjectProperties } = globalThis.vega;")
    assert "from 'vega-util'" not in body
    assert "export { expression as expressionInterpreter }" in body


def test_the_header_groups_pages_by_what_people_work_on_with_at_most_seven_entries(db, world):
    """Every role's header: the work list, then groups (a lone page as a plain link); never more
    than seven entries, and no group of another role's pages."""
    seen_groups: set[str] = set()
    for role in Role.values:
        user = make_member(organisation=world.organisation, territory=world.district, role=role, sensitive_data=True)
        response = client_for(user).get("/lavoro/")
        groups = nav_groups_for(response.wsgi_request)
        assert len(groups) <= 7, (role, [group.key for group in groups])
        allowed = {item.key for group in groups for item in group.items}
        for item in registry.nav:
            assert (item.key in allowed) == item.rule.allows(response.wsgi_request), (role, item.key)
        page = response.content.decode()
        for group in groups:
            if group.single is None:
                assert f'data-testid="nav-group-{group.key}"' in page
                seen_groups.add(group.key)
    assert {"people", "housing", "tenancies", "settings"} <= seen_groups <= set(NAV_GROUPS)


def test_an_operator_finds_households_under_people_and_arrears_under_tenancies(operator):
    page = client_for(operator).get("/lavoro/").content.decode()
    people = page[page.index('data-testid="nav-group-people"') :]
    assert people.index("/persone/nuclei/") < people.index('data-testid="nav-group-housing"')
    assert "Persone" in page
    assert "Casa" in page


def test_citizens_find_labs_calendar_networks_and_volunteering_by_clicking(client, db):
    page = client.get("/").content.decode()
    for name in ("labs:lab-list", "labs:activity-calendar", "labs:network-list", "labs:volunteer-signup"):
        url = reverse(name)
        assert page.count(f'href="{url}"') >= 2, name  # in the citizens' menu and on a card of the home page
    assert reverse("api:docs") not in page
    assert 'data-testid="nav-group-' not in page


def test_staff_do_not_get_the_citizens_menu(operator):
    page = client_for(operator).get("/lavoro/").content.decode()
    assert f'href="{reverse("labs:volunteer-signup")}"' not in page
    assert reverse("api:docs") in page
