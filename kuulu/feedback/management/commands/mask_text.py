"""Mask personal data in a JSON Lines file: `python manage.py mask_text FILE.jsonl`.

Reads lines with `text`, writes one JSON line each with the masked `text` (other keys are
copied). A bad line (invalid JSON, no text, empty, over 4,000 characters) gets an `error` key
and the others are still processed. `--county SLUG` keeps that county's unit addresses visible.
See docs/MASKING.md.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Mask personal data in the `text` of each JSON line of FILE ('-' reads stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON Lines file with a `text` on each line, or -")
        parser.add_argument(
            "--county", default="", help="keep this county's unit addresses visible (slug)"
        )
        parser.add_argument("--output", default="", help="write here instead of stdout")

    def handle(self, *args: object, **options: object) -> None:
        from kuulu.core.masking_batch import mask_lines

        keep: list[str] = []
        if options["county"]:
            from kuulu.feedback.masking_context import unit_addresses
            from kuulu.organisation.models import County

            county = County.objects.filter(slug=options["county"]).first()
            if county is None:
                raise CommandError(f"No county with the short name {options['county']!r}.")
            keep = unit_addresses(county.pk)
        path = str(options["file"])
        try:
            source = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        output_path = str(options["output"] or "")
        target = open(output_path, "w", encoding="utf-8") if output_path else self.stdout  # noqa: SIM115
        errors = 0
        try:
            for obj in mask_lines(source, keep=keep):
                errors += "error" in obj
                target.write(json.dumps(obj, ensure_ascii=False) + "\n")
        finally:
            if path != "-":
                source.close()
            if output_path:
                target.close()
        if errors:
            self.stderr.write(f"{errors} line(s) had an error; see their `error` key.")
