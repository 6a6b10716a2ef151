"""Retrain the counties' triage models from confirmed feedback, now or as a background task,
or build the shipped model's cache ahead of the first request.

Run it nightly from cron: `manage.py retrain_triage` (or `--enqueue` to leave it to the worker);
after a deployment: `manage.py retrain_triage --shipped`.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Retrain the counties' feedback triage models from handlers' confirmed rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", type=int, default=None, help="Only this county (id).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the retraining for the task worker."
        )
        parser.add_argument(
            "--min-examples", type=int, default=None, help="Override the minimum of rows."
        )
        parser.add_argument(
            "--shipped", action="store_true", help="Build the shipped model's cache file only."
        )

    def handle(self, *args: object, **options: object) -> None:
        county = options["county"]
        if options["shipped"]:
            from kuulu.feedback.triage.store import shipped_model, shipped_path

            model = shipped_model()
            self.stdout.write(
                json.dumps({"shipped": model.version, "path": str(shipped_path()), **model.metrics})
            )
            return
        if options["enqueue"]:
            from kuulu.feedback.triage.tasks import retrain_triage_model

            retrain_triage_model.enqueue(county_id=county)
            self.stdout.write("Retraining queued.")
            return
        from kuulu.feedback.triage.training import retrain, retrain_all

        minimum = options["min_examples"]
        minimum = minimum if isinstance(minimum, int) else None
        results = (
            [retrain(county, min_examples=minimum)]
            if isinstance(county, int)
            else retrain_all(min_examples=minimum)
        )
        for result in results:
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
