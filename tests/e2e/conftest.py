"""Browser fixtures: one headless Debian Chromium per session, a fresh context and page per test,
an axe-core checker and a sign-in helper. Nothing is downloaded: Playwright drives /usr/bin/chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def _allow_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an asyncio loop in the test thread for as long as the browser
    # lives; Django would otherwise refuse ORM calls made meanwhile (fixtures, factories).
    # Set only while the browser runs, and removed after.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("ABITARE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "Correct-horse-2026"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright: None) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (make test-deps installs Debian's)")
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class PageProblems:
    """Console errors and failed requests seen by a page, checked by every test at the end."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.console_errors + self.failed_requests


def _new_page(browser: Any, live_server: Any, viewport: dict[str, int]) -> tuple[Any, Any, PageProblems]:
    # The Content Security Policy is enforced: a violation is a console error and fails the test.
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="it-IT", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems()

    def on_console(message: Any) -> None:
        # A page answering 4xx is by design (a refused form is re-rendered with 400); the browser
        # logs it as "Failed to load resource". Only static files must never fail: on_response.
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and "/static/" not in url:
            return
        if message.type == "error":
            problems.console_errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_response(response: Any) -> None:
        if response.status >= 400 and "/static/" in response.url:
            problems.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(request: Any) -> None:
        # A request cut short because the page moved on (a click that navigates while a script
        # is still loading) is the browser's doing, not a failure of the application.
        if "ERR_ABORTED" in str(request.failure):
            return
        problems.failed_requests.append(f"failed {request.url}: {request.failure}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return context, page, problems


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A desktop-sized page on the live server; fails the test on console errors or missing static files."""
    context, page, problems = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()
    assert not problems.all(), "The browser reported problems:\n" + "\n".join(problems.all())


@pytest.fixture
def mobile_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A 360x740 page (a small phone), with the same checks as ``page``."""
    context, page, problems = _new_page(browser, live_server, MOBILE)
    yield page
    context.close()
    assert not problems.all(), "The browser reported problems:\n" + "\n".join(problems.all())


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content Security Policy does not
        # govern: the policy stays fully enforced for everything the application itself loads.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;void 0")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(result["violations"])


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node.get('failureSummary', '')!r}" for node in violation["nodes"])
    return "\n".join(lines)


def _assert_accessible(page: Any) -> None:
    violations = _axe_violations(page)
    assert violations == [], f"axe found WCAG 2.1 AA violations on {page.url}:\n{_describe(violations)}"


@pytest.fixture
def axe() -> Callable[[Any], None]:
    """``axe(page)`` runs axe-core's WCAG 2.0/2.1 A and AA rules and fails on any violation."""
    return _assert_accessible


def _sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/lavoro/")


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """``sign_in(page, username)`` signs in through the real login form, as a person would."""
    return _sign_in


def _screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.fixture
def screenshot() -> Callable[[Any, str], None]:
    """``screenshot(page, "name.png")`` saves a full-page capture in docs/screenshots/ (named by the README)."""
    return _screenshot
