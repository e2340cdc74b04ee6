"""``abitare invite-user``: invite a person by e-mail with their first membership.

``abitare invite-user --email anna@comune.example --first-name Anna --last-name Neri
--organisation "Comune di Lucca" --territory Lucca --role administrator --site-url https://abitare.example``
sends the one-time link to choose a password; the first administrator of a territory is invited so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts.management.actor import actor_from, add_actor_arguments, organisation_named, territory_named
from abitare.accounts.models import Role
from abitare.accounts.services import members
from abitare.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Invite a user by e-mail (a one-time link to choose the password) with a membership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--organisation", required=True, help="Id or name.")
        parser.add_argument("--territory", required=True, help="Id, ISTAT code or name.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--sensitive-data", action="store_true", help="May read special categories of data.")
        parser.add_argument("--start-date", type=datetime.date.fromisoformat)
        parser.add_argument("--end-date", type=datetime.date.fromisoformat)
        parser.add_argument("--site-url", default="http://localhost:8000", help="Where the link in the e-mail leads.")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = members.member_invite(
                actor=actor_from(options),
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                organisation=organisation_named(options["organisation"]),
                territory=territory_named(options["territory"]),
                role=options["role"],
                sensitive_data=options["sensitive_data"],
                start_date=options["start_date"],
                end_date=options["end_date"],
                site_url=options["site_url"],
            )
        except DomainError as error:
            raise CommandError(f"{error.field or ''} {error.message}".strip()) from error
        self.stdout.write(f"{user.username} invited as {options['role']}: the e-mail with the link is sent.")
