"""``abitare flush``: Django's flush, which on SQLite empties tables with ``DELETE``; the
append-only triggers would refuse it, so they are set aside for the flush and put back after
(PostgreSQL flushes with ``TRUNCATE``, which the row triggers do not see). Test cases that
commit (``transaction=True``, browser tests) flush the database after each test this way."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from abitare.core.append_only import TRIGGER_MARK


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"%{TRIGGER_MARK}%"]
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
