"""Import the HR system's monthly work-ability figures from the command line (e.g. a scheduled
export): `manage.py import_work_ability figures.csv [--county kainuu] [--replace]`. `--county` may
be left out only when the installation has one county.

The same import as the workspace page (format: docs/WORK_ABILITY_CSV.md): every problem is
listed by line and column and nothing is imported; exit status 1 then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kuulu.organisation.selectors import county_choice_problem, county_for_job
from kuulu.workability import hrfile, services


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Import monthly work-ability figures per unit (CSV, see docs/WORK_ABILITY_CSV.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The HR system's CSV file.")
        parser.add_argument("--county", default="", help="The county's short name (slug).")
        parser.add_argument("--replace", action="store_true", help="Replace months already stored.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        # Without --county only an installation of one county has an obvious choice.
        county = county_for_job(options["county"])
        if county is None:
            raise CommandError(county_choice_problem(options["county"]))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with translation.override(options["language"]):
            try:
                record = services.import_figures(
                    county=county,
                    data=path.read_bytes(),
                    file_name=path.name,
                    replace=options["replace"],
                )
            except hrfile.FileProblems as exc:
                for p in exc.problems:
                    self.stderr.write(f"line {p.line}, {p.column or '-'}: {p.message}")
                raise CommandError(
                    f"{len(exc.problems)} problems; nothing was imported.", returncode=1
                ) from None
        self.stdout.write(
            f"Imported {record.rows} unit-months: {record.created} new, {record.replaced} replaced."
        )
