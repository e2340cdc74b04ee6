"""Where apps plug into the shell: navigation entries and work-list providers.

Each app registers its entries in ``AppConfig.ready()``; the shell (``abitare.web``) renders
what the current rule allows. Explicit registration, no signals.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.core.access import AccessRule
from abitare.core.figures import Figure

#: The header's groups, in their order: the product organised by what people work on, not by
#: module. An entry without a group stands alone (the work list).
NAV_GROUPS: dict[str, str | Promise] = {
    "people": _("People"),
    "housing": _("Housing"),
    "tenancies": _("Tenancies"),
    "community": _("Community"),
    "programmes": _("Programmes"),
    "settings": _("Settings"),
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    rule: AccessRule
    order: int = 100
    icon: str = "it-folder"
    group: str = ""

    def __post_init__(self) -> None:
        if self.group and self.group not in NAV_GROUPS:
            raise ValueError(f"unknown navigation group {self.group!r}")

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class WorkItem:
    """One thing an operator has to do: shown on the work list, most urgent first."""

    kind: str
    title: str | Promise
    url: str
    due: datetime.date | None = None
    detail: str | Promise = ""
    severity: str = "info"  # info, warning, danger


WorklistProvider = Callable[[Any], Iterable[WorkItem]]


@dataclass
class _Registry:
    nav: list[NavItem] = field(default_factory=list)
    public_nav: list[NavItem] = field(default_factory=list)
    worklist: list[tuple[AccessRule, WorklistProvider]] = field(default_factory=list)


registry = _Registry()


def register_nav(item: NavItem) -> None:
    if all(existing.key != item.key for existing in registry.nav):
        registry.nav.append(item)
        registry.nav.sort(key=lambda entry: (entry.order, entry.key))


def register_public_nav(item: NavItem) -> None:
    """An entry of the citizens' menu (public pages), shown to whoever has no working menu."""
    if all(existing.key != item.key for existing in registry.public_nav):
        registry.public_nav.append(item)
        registry.public_nav.sort(key=lambda entry: (entry.order, entry.key))


def public_nav() -> list[NavItem]:
    return list(registry.public_nav)


def register_worklist(rule: AccessRule, provider: WorklistProvider) -> None:
    if (rule, provider) not in registry.worklist:
        registry.worklist.append((rule, provider))


def nav_for(request: Any) -> list[NavItem]:
    return [item for item in registry.nav if item.rule.allows(request)]


@dataclass(frozen=True)
class NavGroup:
    """One entry of the header: a group with the pages the role may open (a lone page is shown
    as a plain link)."""

    key: str
    label: str | Promise
    items: tuple[NavItem, ...]

    @property
    def single(self) -> NavItem | None:
        return self.items[0] if len(self.items) == 1 else None


def nav_groups_for(request: Any) -> list[NavGroup]:
    """The header of the request's role: standalone entries first, then the groups in their
    order, each with its pages in order; groups the role has nothing in are left out."""
    allowed = nav_for(request)
    entries = [NavGroup(item.key, item.label, (item,)) for item in allowed if not item.group]
    for key, label in NAV_GROUPS.items():
        items = tuple(item for item in allowed if item.group == key)
        if items:
            entries.append(NavGroup(key, label, items))
    return entries


def worklist_for(request: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    for rule, provider in registry.worklist:
        if rule.allows(request):
            items.extend(provider(request))
    far_future = datetime.date.max
    return sorted(items, key=lambda item: (item.due or far_future, str(item.title)))


_work_kinds: dict[str, str | Promise] = {}


def register_work_kinds(labels: dict[str, str | Promise]) -> None:
    """Name the kinds of work-list item a module yields (the headings of the grouped list)."""
    _work_kinds.update(labels)


def work_kind_label(kind: str) -> str | Promise:
    return _work_kinds.get(kind, kind)


@dataclass(frozen=True)
class WorkGroup:
    """The items of one kind, overdue first then by date; ``overdue`` counts the late ones."""

    kind: str
    label: str | Promise
    items: tuple[WorkItem, ...]
    overdue: int


def days_late(item: WorkItem, today: datetime.date) -> int:
    return max((today - item.due).days, 0) if item.due else 0


def worklist_grouped(
    items: Iterable[WorkItem], *, today: datetime.date, kind: str = "", late_only: bool = False
) -> list[WorkGroup]:
    """Group items by kind (only ``kind`` when given, only the late ones with ``late_only``);
    groups with late items first, the most late items first, then by their earliest date; within
    a group the most urgent first."""
    by_kind: dict[str, list[WorkItem]] = {}
    for item in items:
        late = item.due is not None and item.due < today
        if (not kind or item.kind == kind) and (late or not late_only):
            by_kind.setdefault(item.kind, []).append(item)
    groups = []
    for key, members in by_kind.items():
        members.sort(key=lambda item: (item.due or datetime.date.max, str(item.title)))
        overdue = sum(1 for item in members if item.due is not None and item.due < today)
        groups.append(WorkGroup(key, work_kind_label(key), tuple(members), overdue))
    return sorted(
        groups, key=lambda group: (group.overdue == 0, -group.overdue, group.items[0].due or datetime.date.max)
    )


# The role dashboards -----------------------------------------------------------------------------

#: ``provider(request)``: the figures of one module for the request's membership, computed by
#: the module's selectors. The landing page calls it only when the rule allows the request.
DashboardProvider = Callable[[Any], Iterable[Figure]]

_dashboards: list[tuple[AccessRule, DashboardProvider]] = []


def register_dashboard(rule: AccessRule, provider: DashboardProvider) -> None:
    if (rule, provider) not in _dashboards:
        _dashboards.append((rule, provider))


def dashboard_for(request: Any, *, scope_key: str = "", seconds: int = 0) -> list[Figure]:
    """Every figure the request's role may see, in their order. With ``scope_key`` (what the
    figures depend on: organisation, territory, role, language, day) and ``seconds``, each
    provider's figures are kept that long in the ``default`` cache and shared by everyone with
    the same key."""
    figures: list[Figure] = []
    for rule, provider in _dashboards:
        if not rule.allows(request):
            continue
        if not (scope_key and seconds):
            figures.extend(provider(request))
            continue
        key = f"dashboard:{provider.__module__}.{provider.__qualname__}:{scope_key}"
        kept: list[Figure] = cache.get_or_set(key, lambda provider=provider: list(provider(request)), seconds) or []
        figures.extend(kept)
    return sorted(figures, key=lambda figure: (figure.order, figure.key))


# The household's file (scheda nucleo) -----------------------------------------------------------


@dataclass(frozen=True)
class FileAction:
    """Something to start from the file: "New application", "Record a payment"."""

    label: str | Promise
    url: str


@dataclass(frozen=True)
class FileEvent:
    """One dated line of the file's timeline."""

    on: datetime.date
    text: str | Promise
    url: str = ""


@dataclass(frozen=True)
class FileSection:
    """What one module knows about a household: a title, a one-line summary, rows to list
    (``(text, detail, url)``), the actions that start from it, the dated events it adds to the
    timeline and the personal records it showed (written to the access log by the page)."""

    key: str
    title: str | Promise
    order: int = 100
    summary: str | Promise = ""
    rows: tuple[tuple[str, str, str], ...] = ()
    empty: str | Promise = ""
    actions: tuple[FileAction, ...] = ()
    events: tuple[FileEvent, ...] = ()
    records: tuple[Any, ...] = ()


#: ``provider(request, household)``: the module's section, or ``None`` when it has nothing to say
#: and nothing to offer. The page calls it only when the rule allows the request.
FileProvider = Callable[[Any, Any], "FileSection | None"]

_household_sections: list[tuple[AccessRule, FileProvider]] = []


def register_household_section(rule: AccessRule, provider: FileProvider) -> None:
    if (rule, provider) not in _household_sections:
        _household_sections.append((rule, provider))


def household_sections_for(request: Any, household: Any) -> list[FileSection]:
    """The sections of the household's file this request may see, in their order."""
    sections = [
        section
        for rule, provider in _household_sections
        if rule.allows(request) and (section := provider(request, household)) is not None
    ]
    return sorted(sections, key=lambda section: (section.order, section.key))


# The header's search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One thing the header's search found: what it is, its name, a detail and its page.

    ``lookup`` and ``value`` serve the forms' lookups (:func:`lookup_for`): the kind of record
    a form field asks for ("person", "household", "tenancy") and what the field accepts for it
    (a Codice Fiscale, a number, a tenancy's reference)."""

    kind: str | Promise
    label: str
    url: str
    detail: str = ""
    record: Any = None
    lookup: str = ""
    value: str = ""


#: ``provider(request, query, limit)``: at most ``limit`` hits within the request's scope.
SearchProvider = Callable[[Any, str, int], Iterable[SearchHit]]

_search_providers: list[tuple[AccessRule, SearchProvider]] = []

#: Queries shorter than this find nothing (two letters of a surname already narrow well).
SEARCH_MIN_LENGTH = 2


def register_search(rule: AccessRule, provider: SearchProvider) -> None:
    if (rule, provider) not in _search_providers:
        _search_providers.append((rule, provider))


def lookup_for(request: Any, kind: str, query: str, *, limit: int = 8) -> list[SearchHit]:
    """The hits of one kind a form field can take, for its autocomplete."""
    return [hit for hit in search_for(request, query, limit=limit) if hit.lookup == kind and hit.value][:limit]


def search_for(request: Any, query: str, *, limit: int = 8) -> list[SearchHit]:
    """Every module's hits for ``query`` that the request may see, module by module."""
    query = " ".join(query.split())[:100]
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    hits: list[SearchHit] = []
    for rule, provider in _search_providers:
        if rule.allows(request):
            hits.extend(list(provider(request, query, limit))[:limit])
    return hits
