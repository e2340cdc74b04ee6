"""The page shell in a real browser: sign-in, language switch, membership switcher, keyboard use,
WCAG 2.1 AA (axe-core) on desktop and on a 360 px phone. Screenshots go to docs/screenshots/."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from abitare.accounts.models import Role
from abitare.accounts.services import membership_grant
from abitare.accounts.tests.factories import make_member

pytestmark = pytest.mark.e2e

PAGES = {"home": "/", "login": "/accounts/login/", "worklist": "/lavoro/"}


def _operator(world: Any, username: str = "operator") -> Any:
    return make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username=username)


def _heading(page: Any) -> str:
    return str(page.locator("main h1").inner_text()).strip()


def _focused(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => {
                const el = document.activeElement;
                return {tag: el.tagName.toLowerCase(), id: el.id || "", type: el.getAttribute("type") || "",
                        href: el.getAttribute("href") || "", text: (el.innerText || "").trim()};
            }"""
        )
    )


def _open(page: Any, name: str, world: Any, sign_in: Any) -> None:
    if name == "worklist":
        _operator(world)
        sign_in(page, "operator")
    else:
        page.goto(PAGES[name])


def test_static_files_load_and_style_the_page(page):
    # given the public home
    page.goto("/")

    # then Bootstrap Italia's stylesheet and font are applied (the page fixture also fails on any 404)
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    header = page.evaluate("getComputedStyle(document.querySelector('.it-header-center-wrapper')).backgroundColor")
    assert "Titillium Web" in font
    assert header not in {"rgba(0, 0, 0, 0)", "transparent"}
    sheets = page.evaluate(
        """() => Array.from(document.styleSheets)
            .filter(sheet => sheet.href)
            .map(sheet => [new URL(sheet.href).pathname, sheet.cssRules.length])"""
    )
    assert [path for path, _rules in sheets] == [
        "/static/web/css/fonts.css",
        "/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css",
        "/static/web/css/abitare.css",
    ]
    assert all(rules > 0 for _path, rules in sheets)


def test_operator_signs_in_and_switches_language(page, world, sign_in, screenshot):
    # given an operator
    _operator(world)
    page.goto("/accounts/login/")
    screenshot(page, "login.png")

    # when they sign in through the form
    sign_in(page, "operator")

    # then they land on the work list, in Italian
    assert page.url.endswith("/lavoro/")
    assert page.locator("html").get_attribute("lang") == "it"
    with translation.override("it"):
        italian = translation.gettext("Work list")
    assert _heading(page) == italian
    assert "Agenzia Nord" in page.get_by_test_id("current-membership").inner_text()
    screenshot(page, "worklist-it.png")

    # when they switch to English
    page.get_by_test_id("language-en").click()
    page.wait_for_load_state()

    # then the same page is in English
    assert page.url.endswith("/lavoro/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _heading(page) == "Work list"
    screenshot(page, "worklist-en.png")

    # when they switch back to Italian
    page.get_by_test_id("language-it").click()
    page.wait_for_load_state()

    # then the page is in Italian again
    assert page.locator("html").get_attribute("lang") == "it"
    assert _heading(page) == italian


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violation(page, world, sign_in, axe, screenshot, name):
    # given the page, on a desktop screen
    _open(page, name, world, sign_in)

    # then axe finds no WCAG 2.1 A/AA violation, and every in-page link (skip links) has a target
    axe(page)
    missing = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href^="#"]'))
            .map(a => a.getAttribute("href"))
            .filter(href => href.length > 1 && !document.getElementById(href.slice(1)))"""
    )
    assert missing == []
    if name == "home":
        screenshot(page, "home.png")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_small_phone(mobile_page, world, sign_in, axe, screenshot, name):
    # given the page on a 360x740 screen
    _open(mobile_page, name, world, sign_in)

    # then nothing scrolls sideways and axe finds no violation
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} is {width}px wide at a 360px viewport"
    axe(mobile_page)
    screenshot(mobile_page, f"{name}-mobile.png")


def test_login_page_works_with_the_keyboard_alone(page, world):
    # given an operator on the login page
    _operator(world)
    page.goto("/accounts/login/")

    # when they press Tab, the skip link comes first; Enter moves focus to the main content
    page.keyboard.press("Tab")
    assert _focused(page)["href"] == "#main-content"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main-content"

    # when they keep tabbing, they reach username, password and the submit button in this order
    for _ in range(10):
        page.keyboard.press("Tab")
        if _focused(page)["id"] == "id_username":
            break
    assert _focused(page)["id"] == "id_username"
    page.keyboard.type("operator")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password"
    page.keyboard.type("Correct-horse-2026")
    page.keyboard.press("Tab")
    assert _focused(page)["tag"] == "button"
    assert _focused(page)["type"] == "submit"

    # when they go back to the password and press Enter
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then the form is submitted and they are signed in (the URL keeps the #main-content fragment)
    assert urlsplit(page.url).path == "/lavoro/"
    assert page.get_by_test_id("current-membership").is_visible()


@pytest.mark.parametrize("screen", ["page", "mobile_page"])
def test_member_of_two_organisations_switches_with_the_header_select(
    request, live_server, world, sign_in, axe, screenshot, screen
):
    # given an operator of the northern agency who also works for the southern one, on a desktop or a phone
    page = request.getfixturevalue(screen)
    user = _operator(world, "two_hats")
    membership_grant(
        user=user, organisation=world.other_organisation, territory=world.other_district, role=Role.FACILITATOR
    )
    sign_in(page, "two_hats")
    current = page.get_by_test_id("current-membership")
    assert "Agenzia Nord" in current.inner_text()

    # when they choose the other membership in the header and press the switch button
    switcher = page.locator(".membership-switch form")
    switcher.get_by_role("combobox").select_option(
        label=switcher.locator("option", has_text="Agenzia Sud").inner_text()
    )
    with page.expect_navigation():
        switcher.get_by_role("button").click()

    # then the work list shows the southern agency, and the switcher remembers it
    assert page.url.endswith("/lavoro/")
    assert "Agenzia Sud" in current.inner_text()
    assert "Agenzia Nord" not in current.inner_text()
    assert "Agenzia Sud" in page.locator("#membership-select option:checked").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    axe(page)
    screenshot(page, "worklist-switcher.png" if screen == "page" else "worklist-switcher-mobile.png")
