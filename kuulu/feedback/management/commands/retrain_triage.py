"""Retrain the triage model from confirmed feedback, now or as a background task.

Run it nightly from cron: `manage.py retrain_triage` (or `--enqueue` to leave it to the worker).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Retrain the feedback triage model from handlers' confirmed and corrected rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the retraining for the task worker."
        )
        parser.add_argument(
            "--min-examples", type=int, default=None, help="Override the minimum of rows."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["enqueue"]:
            from kuulu.feedback.triage.tasks import retrain_triage_model

            retrain_triage_model.enqueue()
            self.stdout.write("Retraining queued.")
            return
        from kuulu.feedback.triage.training import retrain

        minimum = options["min_examples"]
        result = retrain(min_examples=minimum if isinstance(minimum, int) else None)
        self.stdout.write(
            json.dumps(
                {
                    "examples": result.examples,
                    "trained": result.trained,
                    "in_use": result.in_use,
                    "reason": result.reason,
                    **result.metrics,
                }
            )
        )
