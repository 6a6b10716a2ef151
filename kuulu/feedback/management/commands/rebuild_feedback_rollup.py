"""Rebuild the feedback dashboard's roll-up: the last few received days of every county, or with
--all everything (the nightly job, which also catches changes made outside the services)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Recompute the feedback dashboard figures (FeedbackStat) from the feedback rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every day of every county")
        parser.add_argument(
            "--days", type=int, default=7, help="without --all: this many days up to today"
        )
        parser.add_argument("--county", default="", help="only the county with this slug")

    def handle(self, *args: object, **options: object) -> None:
        from kuulu.feedback.rollup import rebuild_rollup
        from kuulu.organisation.models import County

        counties = County.objects.order_by("pk")
        if options["county"]:
            counties = counties.filter(slug=options["county"])
        today = timezone.localdate()
        days_back = int(options["days"])  # type: ignore[call-overload]
        days = None if options["all"] else {today - timedelta(days=n) for n in range(days_back)}
        for county in counties:
            started = time.perf_counter()
            written = rebuild_rollup(county.pk, days)
            self.stdout.write(
                f"{county.slug}: {written} day rows in {time.perf_counter() - started:.1f} s"
            )
