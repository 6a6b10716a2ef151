"""Measure the triage baseline on the labelled test set shipped with the project, and the
trained model by cross-validation on the same set. Prints one JSON object."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Accuracy of feedback triage on kuulu/feedback/triage/data/labelled.tsv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folds", type=int, default=5)

    def handle(self, *args: object, **options: object) -> None:
        from kuulu.feedback.triage.evaluation import (
            baseline_accuracy,
            labelled_examples,
            model_cross_validation,
        )

        examples = labelled_examples()
        folds = options["folds"]
        result = {
            "baseline": baseline_accuracy(examples).as_dict(),
            "trained_model_cross_validation": {
                "folds": folds,
                **{
                    k: round(v, 3)
                    for k, v in model_cross_validation(
                        examples, folds=folds if isinstance(folds, int) else 5
                    ).items()
                },
            },
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
