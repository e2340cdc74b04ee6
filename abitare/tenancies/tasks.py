"""Background work of tenancies: tasks take ids, call one service, and are idempotent."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from abitare.tenancies.services.arrears import arrears_scan_all
from abitare.tenancies.services.ledger_batch import charges_issue_month
from abitare.tenancies.services.payments import statement_import_run
from abitare.tenancies.services.plans import plans_check


@task()
def charges_issue_current_month_task() -> int:
    """Issue this month's charges; the database refuses a second charge, so reruns add nothing."""
    return charges_issue_month(month=timezone.localdate())


@task()
def arrears_scan_task() -> int:
    """Scan every district for arrears (daily): opens and closes cases; reruns change nothing."""

    return sum(result.opened for result in arrears_scan_all())


@task()
def plans_check_task() -> int:
    """Check every running repayment plan against the ledger (daily); return how many changed."""

    return plans_check()


@task()
def statement_import_task(*, progress_id: str, actor_id: int, path: str, file_name: str) -> None:
    """Import an uploaded bank statement, all-or-nothing, reporting progress."""

    statement_import_run(progress_id=progress_id, actor_id=actor_id, path=path, file_name=file_name)
