"""``abitare user-unlock USERNAME``: lift a lock-out after too many failed sign-ins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts.management.actor import actor_from, add_actor_arguments
from abitare.accounts.models import User
from abitare.accounts.services import members
from abitare.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Lift a lock-out after too many failed sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            members.member_unlock(actor=actor_from(options), user=user)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"{user.username} can sign in again.")
