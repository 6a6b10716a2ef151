"""Sync units and staff from HR files: `manage.py hr_sync units.csv people.csv [--dry-run]`.

Scheduled use (cron, like the other periodic jobs): `manage.py hr_sync --drop` reads
HR_SYNC_DROP_DIR now; `manage.py hr_sync --drop --enqueue` leaves it to the task worker.
Exit status 1 when the files have errors (nothing is then applied).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kuulu.organisation.models import County, HrSyncRun
from kuulu.organisation.selectors import county_choice_problem, county_for_job


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Import units and staff from HR files (CSV or JSON, see docs/HR_SYNC.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="A JSON document, or units/people CSVs.")
        parser.add_argument("--dry-run", action="store_true", help="Show the changes only.")
        parser.add_argument("--county", default="", help="The county's short name (slug).")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The files list only some units/people: do not deactivate the ones absent.",
        )
        parser.add_argument("--drop", action="store_true", help="Read HR_SYNC_DROP_DIR.")
        parser.add_argument(
            "--enqueue", action="store_true", help="With --drop: queue it for the task worker."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        from kuulu.organisation.sync.apply import apply_sync, preview_sync
        from kuulu.organisation.sync.messages import change_rows, problem_rows
        from kuulu.organisation.sync.sources import document_from_paths, run_drop_directory

        county = self._county(options["county"])
        if options["drop"]:
            if options["enqueue"]:
                from kuulu.organisation.sync.tasks import run_hr_sync_drop

                run_hr_sync_drop.enqueue(county_slug=county.slug)
                self.stdout.write("HR sync queued.")
                return
            if not settings.HR_SYNC_DROP_DIR:
                raise CommandError("HR_SYNC_DROP_DIR is not set.")
            outcome = run_drop_directory(
                directory=Path(settings.HR_SYNC_DROP_DIR),
                county=county,
                language=options["language"],
            )
            if outcome is None:
                self.stdout.write("Nothing to sync.")
                return
            self.stdout.write(
                f"{', '.join(outcome.files)}: {outcome.result.run.status} "
                f"{json.dumps(outcome.result.plan.counts)}"
            )
            if not outcome.result.applied:
                raise CommandError("The files had errors; nothing was applied.")
            return
        if not options["files"]:
            raise CommandError("Name the files to sync, or use --drop.")
        paths = [Path(f) for f in options["files"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        document = document_from_paths(paths, full=False if options["partial"] else None)
        if options["dry_run"]:
            plan = preview_sync(county=county, document=document)
            applied = False
        else:
            result = apply_sync(county=county, document=document, source=HrSyncRun.Source.COMMAND)
            plan, applied = result.plan, result.applied
        with translation.override(options["language"]):
            problems = problem_rows(plan)
            changes = change_rows(plan)
        if options["json"]:
            out = {"applied": applied, "counts": plan.counts, "problems": problems}
            if options["dry_run"]:
                out["changes"] = changes
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self._print(plan, problems, changes, applied, dry_run=options["dry_run"])
        if problems:
            raise CommandError("The files had errors; nothing was applied.")

    def _county(self, slug: str) -> County:
        # Without --county only an installation of one county has an obvious choice: a full
        # sync deactivates everyone absent from the files, so guessing could empty a county.
        county = county_for_job(slug)
        if county is None:
            raise CommandError(county_choice_problem(slug))
        return county

    def _print(
        self, plan: Any, problems: list, changes: list, applied: bool, dry_run: bool
    ) -> None:
        for p in problems:
            row = p["row"] if p["row"] is not None else "-"
            self.stderr.write(f"{p['section_label']} {row} {p['field']}: {p['message']}")
        if problems:
            return
        if dry_run:
            for c in changes:
                fields = ", ".join(f"{f['field']}: {f['old']} → {f['new']}" for f in c["fields"])
                self.stdout.write(
                    f"{c['entity']} {c['action']} {c['external_id']} {c['label']}"
                    + (f" ({fields})" if fields else "")
                )
        for name, by_action in plan.counts.items():
            self.stdout.write(
                f"{name}: " + ", ".join(f"{action} {n}" for action, n in by_action.items())
            )
        self.stdout.write("Applied." if applied else "Dry run: nothing was applied.")
