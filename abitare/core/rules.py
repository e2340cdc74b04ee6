"""Which version of a rule or configuration is in force for a territory on a date, and the
territory paths it is looked up along.

Territories are a tree stored as a materialised path of primary keys (``"/1/4/9/"``: district 1,
municipality 4, neighbourhood 9). Rules and configurations (rule sets, refusal rules, arrears
thresholds, hourly rates of community work, assessment instruments, pathway maps, ...) are
versions attached to a territory with a validity period; the one that applies to a place is
the version of the *nearest* territory up the tree that is valid on the day, and among those the
most recent. Every module asks that question through :func:`in_force`.

``core`` imports no domain app: the functions take paths and querysets, and
``accounts.Territory`` offers the path helpers as methods.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)


def path_ids(path: str) -> list[int]:
    """The primary keys along a path, from the root down: ``"/1/4/9/"`` → ``[1, 4, 9]``."""
    return [int(part) for part in path.strip("/").split("/") if part]


def ancestor_paths(path: str) -> list[str]:
    """The path of every territory from the root down to this one: ``"/1/4/"`` → ``["/1/", "/1/4/"]``."""
    ids = path_ids(path)
    return ["/" + "/".join(str(pk) for pk in ids[: depth + 1]) + "/" for depth in range(len(ids))]


def root_path(path: str) -> str:
    """The path of the tree's root above this territory (its district): ``"/1/4/9/"`` → ``"/1/"``."""
    return ancestor_paths(path)[0]


def root_id(path: str) -> int:
    """The primary key of the root (district) above this territory."""
    return path_ids(path)[0]


def has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def in_force(
    queryset: QuerySet[M],
    *,
    territory_path: str,
    on: datetime.date,
    prefer: Callable[[M], Any] | None = None,
    default_without_territory: bool = False,
) -> M | None:
    """The version that applies to the territory on ``on``, or ``None``.

    Candidates are the rows of ``queryset`` (already narrowed by the caller: kind, status,
    pathway...) attached to the territory or one of its ancestors, with ``valid_from`` on or
    before ``on`` and, where the model has it, ``valid_to`` empty or on or after ``on``. With
    ``default_without_territory``, rows without a territory are the installation's default, used
    when no territory up the tree has its own. The nearest territory wins; then ``prefer(row)``
    (e.g. "specific to the pathway" before "any pathway"); then the latest ``valid_from``; then the
    latest row.
    """
    model = queryset.model
    valid = Q(valid_from__lte=on)
    if has_field(model, "valid_to"):
        valid &= Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    candidates = queryset.filter(valid)
    own = list(candidates.filter(territory__path__in=ancestor_paths(territory_path)).select_related("territory"))
    if not own and default_without_territory:
        own = list(candidates.filter(territory__isnull=True))

    def rank(row: M) -> tuple[Any, ...]:
        territory = getattr(row, "territory", None)
        depth = len(path_ids(territory.path)) if territory is not None else 0
        return (depth, prefer(row) if prefer else 0, row.valid_from, getattr(row, "version", 0), row.pk)  # type: ignore[attr-defined]

    return max(own, key=rank, default=None)
