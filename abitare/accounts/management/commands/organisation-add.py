"""``abitare organisation-add --name "Comune di Lucca" --kind municipality --territory Lucca``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts.management.actor import actor_from, add_actor_arguments, territory_named
from abitare.accounts.models import Organisation
from abitare.accounts.services import places
from abitare.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Add an organisation working in one or more territories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)
        parser.add_argument("--territory", action="append", required=True, help="Id, ISTAT code or name; repeatable.")
        parser.add_argument("--tax-code", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--address", default="")
        parser.add_argument("--website", default="")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = places.organisation_add(
                actor=actor_from(options),
                name=options["name"],
                kind=options["kind"],
                territories=[territory_named(value) for value in options["territory"]],
                tax_code=options["tax_code"],
                email=options["email"],
                phone=options["phone"],
                address=options["address"],
                website=options["website"],
            )
        except DomainError as error:
            raise CommandError(f"{error.field or ''} {error.message}".strip()) from error
        self.stdout.write(f"Organisation {organisation.pk} added: {organisation}.")
