"""``abitare scheduler``: enqueue periodic jobs when due (``--once`` for cron, else a loop)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from abitare.core.schedule import periodic_jobs, schedule_due


class Command(BaseCommand):
    help = "Enqueue the periodic background jobs that are due (run beside the task worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron or a systemd timer).")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks in loop mode.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = ", ".join(job.name for job in periodic_jobs()) or "none"
        self.stdout.write(f"Periodic jobs: {names}")
        while True:
            for name in schedule_due():
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
