"""Background work of matching: tasks take ids, call one service, and are idempotent."""

from __future__ import annotations

from django_tasks import task

from abitare.matching import services


@task()
def round_solve_task(*, round_id: int, progress_id: str = "") -> str:
    """Solve a queued round and store its proposals (a round already solved is left as it is)."""
    return str(services.round_solve(round_id=round_id, progress_id=progress_id or None).status)
