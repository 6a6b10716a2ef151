"""Sweep the modules, make and send deliveries (and with --digests, the weekly digests)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tell followers what opened or was published (run from cron every few minutes)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue for the task worker.")
        parser.add_argument("--digests", action="store_true", help="Send the weekly digests.")

    def handle(self, *args: Any, **options: Any) -> None:
        from kuulu.follows import services, tasks

        if options["enqueue"]:
            (tasks.send_digests if options["digests"] else tasks.run_follows).enqueue()
            self.stdout.write("queued")
            return
        if options["digests"]:
            self.stdout.write(str(services.send_digests()))
            return
        seen = services.sweep()
        made = services.fan_out()
        self.stdout.write(str({"seen": seen, "deliveries": made, **services.send_due()}))
