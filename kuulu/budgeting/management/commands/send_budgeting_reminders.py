from django.core.management.base import BaseCommand

from kuulu.budgeting.tasks import send_ballot_reminders


class Command(BaseCommand):
    help = (
        "Remind, once, each signed-in voter who saved a ballot but did not submit it while "
        "voting is open. Run daily (cron); running it twice sends nothing twice."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"ballot reminders sent: {send_ballot_reminders.call()}")
