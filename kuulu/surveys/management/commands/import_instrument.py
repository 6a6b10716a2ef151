"""Import an instrument from a YAML or JSON file, for a county or as a shipped instrument."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kuulu.organisation.models import County
from kuulu.surveys.instruments import InstrumentFormatError, parse, store


class Command(BaseCommand):
    help = "Import a survey instrument from a YAML or JSON file."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path")
        parser.add_argument("--county", help="the county's short name; omit for all counties")
        parser.add_argument("--replace", action="store_true", help="update the same version")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        county = None
        if options["county"]:
            county = County.objects.filter(slug=options["county"]).first()
            if county is None:
                raise CommandError(f"No county {options['county']}")
        fmt = "json" if path.suffix.lower() == ".json" else "yaml"
        try:
            instrument = store(
                parse(path.read_text(encoding="utf-8"), fmt),
                county=county,
                replace=options["replace"],
            )
        except InstrumentFormatError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        self.stdout.write(f"Imported {instrument.key} {instrument.version}")
