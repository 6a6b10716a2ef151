"""Run the deliberation engine on a Polis open-data folder. Touches no database."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kuulu.deliberation.engine import analyse
from kuulu.deliberation.polis_format import PolisFormatError, engine_votes, read_export
from kuulu.deliberation.report import analysis_summary


class Command(BaseCommand):
    help = "Analyse a Polis export folder (comments.csv plus votes.csv or participants-votes.csv)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("folder", type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            export = read_export(options["folder"])
        except PolisFormatError as exc:
            raise CommandError(str(exc)) from exc
        read_seconds = time.perf_counter() - started
        analysis = analyse(engine_votes(export), seed=options["seed"])
        summary = analysis_summary(analysis)
        summary["seconds"] = {"read": round(read_seconds, 6), **summary["seconds"]}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            f"{summary['participants']} participants, {summary['statements']} statements, "
            f"{summary['votes']} votes; {summary['in_conv_participants']} in the conversation; "
            f"{summary['k']} groups of sizes {summary['group_sizes']}."
        )
        for stage, seconds in summary["seconds"].items():
            self.stdout.write(f"  {stage:<16} {seconds:.3f} s")
