"""Background work of the registry: tasks take ids, call one service, and are idempotent."""

from __future__ import annotations

from django_tasks import task

from abitare.registry import services
from abitare.registry.services.imports import people_import_run


@task()
def consents_expire_task() -> int:
    """Scheduled daily: mark consents past their validity as expired (running twice changes nothing)."""
    return services.consents_expire()


@task()
def import_people_task(*, progress_id: str, actor_id: int, path: str, file_format: str) -> None:
    """Import households and persons from an uploaded file, all-or-nothing, reporting progress."""

    people_import_run(progress_id=progress_id, actor_id=actor_id, path=path, file_format=file_format)
