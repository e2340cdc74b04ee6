"""Periodic jobs: apps register a task and an interval; ``abitare scheduler`` enqueues each job
when it is due. Several schedulers may run at once: the row lock makes each due job go out once.

Register in ``AppConfig.ready()``::

    register_periodic("registry.consents_expire", consents_expire_task, every=timedelta(hours=1))
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from abitare.core.models import ScheduledRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Any  # a django_tasks Task taking no argument
    every: datetime.timedelta


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, task: Any, *, every: datetime.timedelta) -> None:
    _jobs[name] = PeriodicJob(name=name, task=task, every=every)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def schedule_due(*, now: datetime.datetime | None = None, jobs: list[PeriodicJob] | None = None) -> list[str]:
    """Enqueue every job whose interval has passed since it was last enqueued; return their names."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs if jobs is not None else periodic_jobs():
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(
                name=job.name, defaults={"last_enqueued_at": now - job.every - datetime.timedelta(seconds=1)}
            )
            run = ScheduledRun.objects.select_for_update().get(name=job.name)
            if now - run.last_enqueued_at < job.every:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
