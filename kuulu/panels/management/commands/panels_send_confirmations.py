"""`manage.py panels_send_confirmations --panel ID`: mail the link that confirms their address
to a panel's volunteers who registered before the link was mailed at registration, as the
button on the panel's management page does. Run again, it mails no one twice; `--resend` mails
a new link to everyone still unconfirmed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kuulu.panels import services
from kuulu.panels.models import Panel


class Command(BaseCommand):
    help = (
        "Send the email confirmation link to a panel's volunteers whose address is unconfirmed "
        "and who have not been sent one (after the draw: its members only)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--panel", required=True, type=int, help="id of the panel")
        parser.add_argument(
            "--resend",
            action="store_true",
            help="also send a new link to volunteers who were sent one but have not confirmed",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        panel = Panel.objects.filter(pk=options["panel"]).first()
        if panel is None:
            raise CommandError(f"There is no panel {options['panel']}.")
        sent = services.send_confirmation_links(panel=panel, resend=options["resend"])
        self.stdout.write(f"Panel {panel.pk}: confirmation links queued: {sent}.")
