"""Background-task plumbing shared by every app: progress records (re-exported from
:mod:`abitare.core.progress`), the list exports' task and the scheduled purges.

Tasks themselves live in ``<app>/tasks.py``, take ids, call one service and report progress
through :func:`progress_update` so the shared progress-bar fragment can show it. The list
export's task lives beside its page answer in :mod:`abitare.core.exports`, which enqueues it.
"""

from __future__ import annotations

from django_tasks import task

from abitare.core.exports import export_list_task, exports_purge
from abitare.core.idempotency import keys_purge
from abitare.core.progress import progress_create, progress_fail, progress_finish, progress_update

__all__ = [
    "export_list_task",
    "exports_purge_task",
    "idempotency_keys_purge_task",
    "progress_create",
    "progress_fail",
    "progress_finish",
    "progress_update",
]


@task()
def idempotency_keys_purge_task() -> int:
    """Scheduled hourly: forget the idempotency keys older than a day (running twice changes nothing)."""
    return keys_purge()


@task()
def exports_purge_task() -> int:
    """Scheduled hourly: delete the files of background exports older than a day."""
    return exports_purge()
