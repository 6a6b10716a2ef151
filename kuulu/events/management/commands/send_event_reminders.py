from django.core.management.base import BaseCommand

from kuulu.events.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue reminder emails for sessions starting within the next 48 hours. Run hourly (cron)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"reminders queued: {send_due_reminders(hours_ahead=options['hours'])}")
