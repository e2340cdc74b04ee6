"""``abitare demo``: load the demo territory (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from abitare.accounts.models import Territory
from abitare.demo.loaders import (
    assessments,
    finances,
    hosting,
    housing,
    labs,
    matching,
    recovery,
    registry,
    support,
    tenancies,
    territory,
)
from abitare.demo.loaders.territory import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load the demo territory with synthetic people (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when the database holds no territory yet."
        )
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["logins_only"]:
            if options["if_empty"] and Territory.objects.exists():
                self.stdout.write("The database already holds data: demo not loaded.")
            else:
                with transaction.atomic():
                    territory.load()
                    registry.load()
                    labs.load()
                    assessments.load()
                    housing.load()
                    matching.load()
                    tenancies.load()
                    recovery.load()
                    support.load()
                    hosting.load()
                    finances.load()
                self.stdout.write(self.style.SUCCESS("Demo territory loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<20} {user.role:<14} {user.organisation}")
