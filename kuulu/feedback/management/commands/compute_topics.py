"""Queue the computation of emerging topics for every county (run nightly from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Queue the emerging-topics computation of each county on the task worker "
        "(--now: compute here and now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", default="", help="only this county (short name)")
        parser.add_argument("--now", action="store_true", help="compute in this process")

    def handle(self, *args: object, **options: object) -> None:
        from kuulu.feedback.tasks import compute_emerging_topics
        from kuulu.feedback.topics.services import compute_topics
        from kuulu.organisation.models import County

        counties = County.objects.order_by("pk")
        if options["county"]:
            counties = counties.filter(slug=options["county"])
            if not counties.exists():
                raise CommandError(f"No county with the short name {options['county']!r}.")
        for county in counties:
            if options["now"]:
                snapshot = compute_topics(county.pk)
                self.stdout.write(f"{county.slug}: {snapshot.topics.count()} topics")
            else:
                compute_emerging_topics.enqueue(county_id=county.pk)
                self.stdout.write(f"{county.slug}: queued")
