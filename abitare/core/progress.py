"""Progress of background tasks: the records the shared htmx progress bar polls, and their updates.

Tasks themselves live in ``<app>/tasks.py``, take ids, call one service and report progress
through :func:`progress_update` so the shared progress-bar fragment can show it.
"""

from __future__ import annotations

import uuid

from abitare.core.models import TaskProgress


def progress_create(*, owner_id: int, label: str, total: int = 0) -> TaskProgress:
    """A queued progress record; pass its id to the task and render ``core/progress.html``."""
    return TaskProgress.objects.create(owner_id=owner_id, label=label, total=total)


def progress_update(
    progress_id: uuid.UUID | str,
    *,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
    status: str = TaskProgress.Status.RUNNING,
    result_url: str | None = None,
) -> None:
    """Record how far a task has come.

    Pollers only see it once committed: report progress from outside the service's atomic block
    (e.g. during validation, before the all-or-nothing write).
    """
    fields: dict[str, object] = {"status": status}
    if done is not None:
        fields["done"] = done
    if total is not None:
        fields["total"] = total
    if message is not None:
        fields["message"] = message
    if result_url is not None:
        fields["result_url"] = result_url
    TaskProgress.objects.filter(pk=progress_id).update(**fields)


def progress_finish(progress_id: uuid.UUID | str, *, message: str = "", result_url: str = "") -> None:
    progress_update(progress_id, status=TaskProgress.Status.SUCCEEDED, message=message, result_url=result_url)


def progress_fail(progress_id: uuid.UUID | str, *, message: str) -> None:
    progress_update(progress_id, status=TaskProgress.Status.FAILED, message=message)
