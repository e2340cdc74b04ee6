"""Plain language on every page: each role of the demo territory clicks through every page it
can reach from its landing page, in Italian, and no page shows an English word, "None", an ISO
date in the text or a raw recurrence rule (RRULE), nor a link to a page the role is refused.

Only what a person reads is checked: the visible text and the labels of buttons and fields,
not scripts, styles, URLs or values inside form fields.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from abitare.accounts.models import User
from abitare.core.testing import data_for_module

# Loads the demo territory and crawls every page of every role: run by make test and CI.
pytestmark = pytest.mark.slow

ROLES = ["operatore", "coordinatore", "facilitatore", "revisore", "amministratore", "auditor"]
PAGES_PER_ROLE = 400
SAME_SHAPE = 2  # pages whose paths differ only by ids: the first two are enough

# Words an Italian page never needs; proper names of the demo and the product are not in it.
ENGLISH = {
    "the",
    "and",
    "with",
    "from",
    "this",
    "your",
    "you",
    "please",
    "household",
    "households",
    "tenancy",
    "tenancies",
    "application",
    "applications",
    "save",
    "cancel",
    "submit",
    "search",
    "status",
    "pending",
    "approved",
    "rejected",
    "overdue",
    "yes",
    "next",
    "previous",
    "page",
    "back",
    "edit",
    "delete",
    "add",
    "show",
    "hide",
    "none",
    "true",
    "false",
    "total",
    "amount",
    "balance",
    "payment",
    "payments",
    "unit",
    "units",
    "building",
    "buildings",
    "offer",
    "offers",
    "volunteer",
    "volunteers",
    "hours",
    "week",
    "month",
    "year",
    "today",
    "tomorrow",
    "yesterday",
    "closed",
    "new",
    "required",
    "optional",
    "error",
    "warning",
    "loading",
    "download",
    "upload",
    "select",
    "choose",
    "other",
    "name",
    "address",
    "phone",
    "people",
    "person",
    "persons",
    "plan",
    "plans",
    "rent",
    "arrears",
    "ledger",
    "savings",
    "score",
    "rules",
    "rule",
    "map",
    "report",
    "reports",
    "sessions",
    "session",
    "calendar",
    "every",
    "until",
    "weekly",
    "monthly",
    "daily",
    "optimal",
    "feasible",
    "infeasible",
    "gap",
    "bound",
    "solver",
    "column",
    "generation",
    "lower",
    "upper",
    "welcome",
    "sign",
    "login",
    "logout",
    "settings",
    "help",
    "about",
    "more",
    "less",
    "details",
}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RRULE = re.compile(r"\b(?:RRULE|FREQ|BYDAY|BYMONTHDAY|INTERVAL|COUNT|UNTIL)=")
NONE = re.compile(r"\bNone\b")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-zÀ-ÿ]+)?")
SKIPPED_PATHS = ("/api/", "/admin/", "/static/", "/media/", "/accounts/logout/", "/i18n/", "/js/")
SKIPPED_SUFFIXES = (".ics", ".pdf", ".xlsx", ".csv", ".json", ".xml", ".yaml", ".png", ".svg")


class _Reader(HTMLParser):
    """The text a person reads, and the page's links."""

    SILENT = {"script", "style", "template", "svg", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = StringIO()
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.SILENT or values.get("translate") == "no" or values.get("lang", "it").startswith("en"):
            self._silent += 1
            self._silent_tag = tag
            return
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for attribute in ("aria-label", "title", "placeholder", "alt"):
            if values.get(attribute) and not self._silent:
                self.text.write(f" {values[attribute]} ")
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.text.write(f" {values['value']} ")

    def handle_endtag(self, tag: str) -> None:
        if self._silent and tag == getattr(self, "_silent_tag", None):
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.text.write(data)


def _shape(path: str) -> str:
    return re.sub(r"/\d+/", "/N/", re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "U", path))


def _followed(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PATHS) or parts.path.endswith(SKIPPED_SUFFIXES) or "export=" in parts.query:
        return None
    return href


# Names of products a page may cite as they are.
PRODUCT_NAMES = ("Google Calendar",)


def _problems(text: str) -> Iterator[str]:
    for name in PRODUCT_NAMES:
        text = text.replace(name, "")
    for pattern, label in ((NONE, "None"), (ISO_DATE, "ISO date"), (RRULE, "RRULE")):
        for match in pattern.finditer(text):
            yield f"{label}: …{text[max(0, match.start() - 40) : match.end() + 40]}…"
    for match in WORD.finditer(text):
        if match.group(0).lower() in ENGLISH and match.group(0) != match.group(0).upper():
            yield f"English «{match.group(0)}»: …{text[max(0, match.start() - 50) : match.end() + 50]}…"


def crawl(client: Client, start: str) -> Iterator[tuple[str, str]]:
    """Every page reachable by clicking from ``start``: (path, problem). A link that leads to a
    page the role is refused is a problem of the page that shows it."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([(start, "")])
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        path, source = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        shape = _shape(urlsplit(path).path)
        if shapes.get(shape, 0) >= SAME_SHAPE:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="it")
        visited += 1
        if response.status_code == 403:
            yield source, f"link to a page the role is refused: {path}"
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        reader = _Reader()
        reader.feed(response.content.decode())
        text = " ".join(reader.text.getvalue().split())
        for problem in _problems(text):
            yield path, problem
        for href in reader.links:
            if (link := _followed(href)) and link not in seen:
                queue.append((link, path))


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with data_for_module(django_db_blocker):
        call_command("demo", stdout=StringIO())
        yield


def _client(username: str | None) -> Client:
    client = Client()
    client.cookies["django_language"] = "it"
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", [None, *ROLES])
def test_every_page_a_role_reaches_reads_in_plain_italian_and_links_only_where_it_may_go(demo, username, db):
    start = "/lavoro/" if username else "/"
    found = sorted({f"{path}  {problem}" for path, problem in crawl(_client(username), start)})
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:200])
