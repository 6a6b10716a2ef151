from django.core.management.base import BaseCommand

from kuulu.assignments.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue reminder emails for assignments whose reminder day has come, to everyone who "
        "has not completed them. Run daily (cron); running it twice sends nothing twice."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"assignments reminded: {send_due_reminders()}")
