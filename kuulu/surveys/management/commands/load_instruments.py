"""Load (or update) the instruments shipped with Kuulu."""

from django.core.management.base import BaseCommand

from kuulu.surveys.instruments import load_shipped


class Command(BaseCommand):
    help = "Load or update the shipped survey instruments."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for instrument in load_shipped():
            self.stdout.write(f"{instrument.key} {instrument.version}")
