"""``abitare match``: run a matching round like the page, or the engine on a JSON instance file.

``abitare match --organisation 3 --territory 7 --username rossi`` opens and solves a round for
that membership; ``abitare match --instance file.json [--output result.json]`` solves a
researcher's instance (docs/modules/matching-engine.md) and writes the engine's answer, the rank
order and the report. A malformed or inconsistent file is refused with its line and field, and
nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from abitare.accounts.models import Membership
from abitare.matching import engine, services
from abitare.matching.engine import instance_io
from abitare.matching.models import Round
from abitare.matching.permissions import ROUNDS
from abitare.matching.services.round_inputs import SOLVE_SECONDS
from abitare.matching.snapshot import result_as_data


class Command(BaseCommand):
    help = "Run a matching round for a membership, or the matching engine on a JSON instance file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, help="Organisation id of the round.")
        parser.add_argument("--territory", type=int, help="Territory id of the round.")
        parser.add_argument("--username", help="The operator or coordinator who runs the round.")
        parser.add_argument("--instance", type=Path, help="A JSON instance file (format abitare.matching.instance).")
        parser.add_argument("--output", type=Path, help="Where to write the result of --instance (default: stdout).")
        parser.add_argument("--time-limit", type=float, default=SOLVE_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["instance"]:
            self._instance(options["instance"], options["output"], options["time_limit"])
        elif options["organisation"] and options["territory"] and options["username"]:
            self._round(options["organisation"], options["territory"], options["username"])
        else:
            raise CommandError("Give --instance FILE, or --organisation, --territory and --username.")

    def _instance(self, path: Path, output: Path | None, time_limit: float) -> None:
        try:
            instance = instance_io.load(path)
            engine.check_instance(instance)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except (instance_io.InstanceError, engine.InvalidInstance) as error:
            raise CommandError(f"{path}: {error}") from error
        solved = engine.solve(instance, time_limit=time_limit)
        data = {
            "engine": result_as_data(solved),
            **services.comparison_as_data(instance, solved, time_limit=time_limit),
        }
        baseline = data["baseline"]
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(
            f"{len(solved.proposals)} proposals ({solved.status}, objective {solved.objective:.2f}); "
            f"rank order {len(baseline['proposals'])} ({baseline['objective']:.2f}). Written to {output}."
        )

    def _round(self, organisation: int, territory: int, username: str) -> None:
        membership = (
            Membership.objects.filter(
                user__username=username,
                organisation_id=organisation,
                territory_id=territory,
                is_active=True,
                role__in=ROUNDS.roles,
            )
            .select_related("user", "organisation", "territory")
            .first()
        )
        if membership is None:
            raise CommandError(
                f"{username} is not an active operator or coordinator of organisation {organisation} "
                f"in territory {territory}."
            )
        started = services.round_start(actor=membership)
        if started.status == Round.Status.QUEUED:
            started = services.round_solve(round_id=started.pk)
        self.stdout.write(f"Round {started.pk}: {started.get_status_display()}. {started.message}")
        report = started.result.get("report")
        if report:
            for side in ("engine", "baseline"):
                figures = report[side]
                self.stdout.write(
                    f"{side}: {figures['households_housed']} housed, "
                    f"priority-weighted total {figures['priority_weighted_total']:.2f}, "
                    f"accessibility needs {figures['accessibility_needs']}, "
                    f"preferences met {figures['preferences_met']}, "
                    f"mixité respected {figures['mixite_respected']}"
                )
        if started.status == Round.Status.FAILED:
            raise CommandError(started.message)
