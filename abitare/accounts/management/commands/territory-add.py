"""``abitare territory-add``: add a district, a municipality (by ISTAT code) or a neighbourhood.

``abitare territory-add --kind district --name "Zona Piana di Lucca"`` (server operator);
``abitare territory-add --kind municipality --istat 046017 --parent "Zona Piana di Lucca"``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts import istat
from abitare.accounts.management.actor import actor_from, add_actor_arguments, territory_named
from abitare.accounts.models import Territory
from abitare.accounts.services import places
from abitare.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Add a territory: a district, a municipality (by ISTAT code) or a neighbourhood."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=Territory.Kind.values)
        parser.add_argument("--name", default="", help="Default for a municipality: its official name.")
        parser.add_argument("--istat", default="", help="ISTAT code of a municipality (6 digits).")
        parser.add_argument("--parent", help="The territory above: id, ISTAT code or name.")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        parent = territory_named(options["parent"]) if options["parent"] else None
        name = options["name"]
        if not name and options["istat"]:
            municipality = istat.municipality_get(options["istat"])
            name = municipality.name if municipality else ""
        if not name:
            raise CommandError("Give --name (or --istat with a code of the official list).")
        try:
            territory = places.territory_add(
                actor=actor_from(options), name=name, kind=options["kind"], parent=parent, istat_code=options["istat"]
            )
        except DomainError as error:
            raise CommandError(f"{error.field or ''} {error.message}".strip()) from error
        self.stdout.write(f"Territory {territory.pk} added: {territory} ({territory.get_kind_display()}).")
