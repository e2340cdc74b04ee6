"""Append-only rows: created once, never updated or deleted.

Two guards. The ORM one (``AppendOnlyModel``, ``AppendOnlyQuerySet``) refuses a second ``save``,
a ``delete`` and queryset ``update``/``delete`` with a clear Python error. The database one
(:func:`append_only_triggers`, installed by each app's migration) refuses ``UPDATE`` and
``DELETE`` of a row whatever sends them: a plain manager, a raw query, a database shell. Both
raise ``IntegrityError`` at the database: PostgreSQL with a ``BEFORE UPDATE OR DELETE`` trigger,
SQLite with ``RAISE(ABORT, ...)`` triggers. ``TRUNCATE`` (PostgreSQL) and ``abitare flush``
still empty a whole database: they wipe, they do not rewrite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

M = TypeVar("M", bound=models.Model)

TRIGGER_MARK = "append_only"


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a row of an append-only ledger."""


class AppendOnlyQuerySet(models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("ledger entries are never updated; post a reversal instead")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("ledger entries are never deleted; post a reversal instead")


class AppendOnlyModel(models.Model):
    """A guard, not business logic: the second ``save`` of a row and any ``delete`` are refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


def _message(table: str) -> str:
    return f"{table} is append-only: post a reversal instead"


def _postgresql_install(table: str) -> list[str]:
    name = f"{table}_{TRIGGER_MARK}"
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% refused: %', TG_OP, '{_message(table)}'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$""",
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _postgresql_remove(table: str) -> list[str]:
    name = f"{table}_{TRIGGER_MARK}"
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]


def _sqlite_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_{TRIGGER_MARK}_{operation.lower()} BEFORE {operation} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{operation} refused: {_message(table)}'); END"
        for operation in ("UPDATE", "DELETE")
    ]


def _sqlite_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK}_{operation}" for operation in ("update", "delete")]


_INSTALL: dict[str, Callable[[str], list[str]]] = {"postgresql": _postgresql_install, "sqlite": _sqlite_install}
_REMOVE: dict[str, Callable[[str], list[str]]] = {"postgresql": _postgresql_remove, "sqlite": _sqlite_remove}


def append_only_triggers(*tables: str) -> migrations.RunPython:
    """A reversible migration operation that installs the database guard on ``tables`` (for the
    database in use; other vendors are skipped). A later migration that rebuilds one of these
    tables on SQLite (most ``AlterField``) drops its triggers: install them again after it;
    ``test_append_only`` fails until then."""

    def run(builders: dict[str, Callable[[str], list[str]]], schema_editor: BaseDatabaseSchemaEditor) -> None:
        build = builders.get(schema_editor.connection.vendor)
        if build is None:
            return
        for table in tables:
            for statement in build(table):
                # No parameters: the PL/pgSQL body has % placeholders of its own.
                schema_editor.execute(statement, params=None)

    def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        run(_INSTALL, schema_editor)

    def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        run(_REMOVE, schema_editor)

    return migrations.RunPython(install, remove, elidable=False)


def guarded_tables(connection: Any) -> set[str]:
    """The tables that carry the database guard in the connected database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
                [f"%{TRIGGER_MARK}"],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s GROUP BY tbl_name "
                "HAVING COUNT(*) = 2",
                [f"%{TRIGGER_MARK}%"],
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def guard_lifted(connection: Any, *tables: str) -> Iterator[None]:
    """Set the database guard of ``tables`` aside and put it back: for tests that run a data
    migration's function (written to run before the guard existed) on today's schema."""
    build_remove, build_install = _REMOVE.get(connection.vendor), _INSTALL.get(connection.vendor)
    if build_remove is None or build_install is None:
        yield
        return
    with connection.cursor() as cursor:
        for table in tables:
            for statement in build_remove(table):
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                for statement in build_install(table):
                    cursor.execute(statement)
