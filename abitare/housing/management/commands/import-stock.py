"""``abitare import-stock FILE --username NAME``: import buildings and units from a CSV or XLSX
file made from the template (docs/modules/housing.md), as that administrator, all-or-nothing.

With several administrator memberships, name one with ``--organisation`` and ``--territory``.
A bad file is refused with the list of every wrong row and field, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts.models import Membership
from abitare.core import uploads
from abitare.housing.permissions import STOCK_MANAGE
from abitare.housing.services.imports import stock_import_file


class Command(BaseCommand):
    help = "Import the housing stock (buildings and units) from a CSV or XLSX file, all-or-nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file made from the template.")
        parser.add_argument("--username", required=True, help="The administrator who imports.")
        parser.add_argument("--organisation", type=int, help="Organisation id, when the user has several.")
        parser.add_argument("--territory", type=int, help="Territory id, when the user has several.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if message := uploads.size_error(path.stat().st_size):
            raise CommandError(message)
        actor = self._actor(options["username"], options["organisation"], options["territory"])
        file_format = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        result = stock_import_file(actor=actor, path=path, file_format=file_format)
        if not result.ok:
            raise CommandError(f"Nothing was imported: {result.errors_total} errors.\n{result.report()}")
        self.stdout.write(f"Imported {result.buildings} new buildings and {result.units} units.")

    def _actor(self, username: str, organisation: int | None, territory: int | None) -> Membership:
        memberships = Membership.objects.filter(
            user__username=username, is_active=True, role__in=STOCK_MANAGE.roles
        ).select_related("user", "organisation", "territory")
        if organisation:
            memberships = memberships.filter(organisation_id=organisation)
        if territory:
            memberships = memberships.filter(territory_id=territory)
        found = list(memberships[:2])
        if not found:
            raise CommandError(f"{username} has no active administrator membership that matches.")
        if len(found) > 1:
            raise CommandError(
                f"{username} has several administrator memberships: give --organisation and --territory."
            )
        return found[0]
