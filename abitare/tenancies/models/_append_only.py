"""Append-only rows: created once, never updated or deleted through the ORM."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


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
