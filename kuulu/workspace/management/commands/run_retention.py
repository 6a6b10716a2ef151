from django.core.management.base import BaseCommand

from kuulu.workspace.retention import run_retention


class Command(BaseCommand):
    help = "Apply the retention rules (audit log, accessibility feedback, finished task results)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for name, count in run_retention().items():
            self.stdout.write(f"{name}: {count}")
