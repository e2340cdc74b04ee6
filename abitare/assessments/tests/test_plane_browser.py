"""The plane in a real browser *with the application's CSP enforced* (no eval): vega-embed draws
the points with vega-interpreter, and a click on a point opens the household."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from abitare.assessments.selectors import household_url
from abitare.assessments.tests.conftest import record

pytestmark = pytest.mark.e2e
playwright_sync = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("ABITARE_CHROMIUM", "/usr/bin/chromium")
# Records every CSP refusal with the file that caused it.
WATCH_CSP = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + (e.sourceFile || e.blockedURI)));"
)


AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _browser_page(live_server, *, bypass_csp: bool):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_sync.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"], headless=True
            )
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": 1280, "height": 1000}, bypass_csp=bypass_csp
            )
            context.set_default_timeout(15_000)
            context.add_init_script(WATCH_CSP)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page, errors
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def csp_page(live_server):
    yield from _browser_page(live_server, bypass_csp=False)


@pytest.fixture
def axe_page(live_server):
    # The harness injects axe-core, which the application's CSP would refuse.
    yield from _browser_page(live_server, bypass_csp=True)


def _sign_in(page):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("operator")
    page.locator("#id_password").fill("Correct-horse-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/lavoro/")


def test_the_plane_draws_under_the_csp_and_a_point_opens_the_household(csp_page, operator, household, instrument):
    page, errors = csp_page
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    _sign_in(page)

    page.goto("/valutazioni/")
    page.wait_for_selector("#plane[data-plane-ready=true] svg")
    # The latest point's accessible name is the household's pseudonymous label, "Household <number>".
    point = page.locator(f'#plane svg path[aria-label$=" {household.pk}"]')
    assert point.count() == 1
    assert errors == []
    # Bootstrap Italia's bundle injects styles the CSP refuses on every page; nothing of the plane may.
    refusals = [entry for entry in page.evaluate("window.__csp") if "bootstrap-italia" not in entry]
    assert refusals == []

    point.first.click()
    page.wait_for_url(f"**{household_url(household.pk)}")


def test_the_plane_fits_a_phone_without_sideways_scrolling(csp_page, operator, household, instrument):
    page, errors = csp_page
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    _sign_in(page)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/valutazioni/")
    page.wait_for_selector("#plane[data-plane-ready=true] svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


def test_the_assessment_pages_meet_wcag_21_aa(axe_page, operator, household, instrument):
    page, errors = axe_page
    first = record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    _sign_in(page)
    for url in (
        "/valutazioni/",
        f"/valutazioni/nuclei/{household.pk}/",
        f"/valutazioni/nuclei/{household.pk}/nuova/",
        f"/valutazioni/{first.pk + 1}/",
        "/valutazioni/strumenti/",
        f"/valutazioni/strumenti/{instrument.pk}/",
    ):
        page.goto(url)
        if page.locator("[data-plane-spec]").count():
            page.wait_for_selector("[data-plane-ready=true] svg")
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], (url, violations)
    assert errors == []
