"""Background work of the housing stock: tasks take ids and call one service."""

from __future__ import annotations

from django_tasks import task

from abitare.housing.services.imports import stock_import_run


@task()
def import_stock_task(*, progress_id: str, actor_id: int, path: str, file_format: str) -> None:
    """Import buildings and units from an uploaded file, all-or-nothing, reporting progress."""
    stock_import_run(progress_id=progress_id, actor_id=actor_id, path=path, file_format=file_format)
