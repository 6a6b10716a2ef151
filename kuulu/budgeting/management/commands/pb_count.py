"""Count a Pabulib file by greedy or Equal Shares. Touches no database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kuulu.budgeting.counting import RULES, count
from kuulu.budgeting.counting.pabulib import PabulibError, parse


class Command(BaseCommand):
    help = (
        "Count a Pabulib (.pb) file by greedy or the Method of Equal Shares (with the Add1 and "
        "greedy completion) without touching the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="A Pabulib .pb file.")
        parser.add_argument("--rule", choices=RULES, default="equal-shares")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object: selected (funded project ids), cost, rule, budget.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file ({exc})") from exc
        try:
            election = parse(text)
        except PabulibError as exc:
            for line, message in exc.errors:
                self.stderr.write(f"{path}:{line}: {message}")
            raise CommandError(f"{path}: {len(exc.errors)} error(s), nothing counted") from exc
        try:
            result = count(election, options["rule"])
        except ValueError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except OverflowError as exc:
            raise CommandError(f"{path}: a number in the file is too large to count") from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rule": result.rule,
                        "selected": list(result.selected),
                        "cost": result.cost,
                        "budget": election.budget,
                    }
                )
            )
            return
        self.stdout.write(
            f"{result.rule}: {len(result.selected)} of {len(election.projects)} projects funded, "
            f"cost {result.cost} of {election.budget}."
        )
        for outcome in result.outcomes:
            self.stdout.write(
                f"  {outcome.id:<12} {outcome.cost:>12} {outcome.score:>8}  {outcome.reason}"
            )
