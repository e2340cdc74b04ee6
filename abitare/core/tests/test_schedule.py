import datetime

from django.utils import timezone

from abitare.core.models import ScheduledRun
from abitare.core.schedule import PeriodicJob, schedule_due


class FakeTask:
    """Stands for a django_tasks Task: only ``enqueue`` is used by the scheduler."""

    def __init__(self) -> None:
        self.calls = 0

    def enqueue(self) -> None:
        self.calls += 1


def test_a_job_is_enqueued_once_per_interval(db):
    task = FakeTask()
    job = PeriodicJob(name="test.hourly", task=task, every=datetime.timedelta(hours=1))
    start = timezone.now()
    assert schedule_due(now=start, jobs=[job]) == ["test.hourly"]
    assert schedule_due(now=start + datetime.timedelta(minutes=59), jobs=[job]) == []
    assert schedule_due(now=start + datetime.timedelta(minutes=61), jobs=[job]) == ["test.hourly"]
    assert task.calls == 2
    assert ScheduledRun.objects.get(name="test.hourly").last_enqueued_at == start + datetime.timedelta(minutes=61)
