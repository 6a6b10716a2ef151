"""Write an instrument as YAML or JSON to standard output."""

from django.core.management.base import BaseCommand, CommandError

from kuulu.surveys.instruments import dump
from kuulu.surveys.models import Instrument


class Command(BaseCommand):
    help = "Export a survey instrument as YAML or JSON."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("key")
        parser.add_argument("--instrument-version", dest="instrument_version")
        parser.add_argument("--county", help="the county's short name; omit for shipped")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        qs = Instrument.objects.filter(key=options["key"])
        qs = (
            qs.filter(county__slug=options["county"])
            if options["county"]
            else qs.filter(county__isnull=True)
        )
        if options["instrument_version"]:
            qs = qs.filter(version=options["instrument_version"])
        instrument = qs.order_by("-created_at").first()
        if instrument is None:
            raise CommandError(f"No instrument {options['key']}")
        self.stdout.write(dump(instrument, options["format"]), ending="")
