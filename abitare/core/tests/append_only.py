"""A check every append-only table's tests call: the database itself refuses to change a row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction


def _refused(action: Any) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        action()


def _raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def assert_database_refuses_changes(row: models.Model, *, column: str, value: Any) -> None:
    """Raw UPDATE and DELETE, and a plain manager's ``update()`` and ``delete()`` (which skip the
    ORM guard), all fail at the database; the row is left as it was."""
    model = type(row)
    table = connection.ops.quote_name(model._meta.db_table)
    field = model._meta.get_field(column)
    quoted_column = connection.ops.quote_name(field.column)
    plain = model._base_manager.filter(pk=row.pk)
    before = model._base_manager.filter(pk=row.pk).values().get()

    # Identifiers come from the model's metadata, quoted; values are parameters.
    _refused(lambda: _raw(f"UPDATE {table} SET {quoted_column} = %s WHERE id = %s", [value, row.pk]))  # noqa: S608
    _refused(lambda: _raw(f"DELETE FROM {table} WHERE id = %s", [row.pk]))  # noqa: S608
    _refused(lambda: _raw(f"DELETE FROM {table}", []))  # noqa: S608
    _refused(lambda: plain.update(**{column: value}))
    _refused(lambda: models.QuerySet(model).filter(pk=row.pk).delete())

    assert model._base_manager.filter(pk=row.pk).values().get() == before
