"""Measure triage on a split of the corpus. Prints one JSON object.

    manage.py evaluate_triage                      # the shipped model and the baseline on dev
    manage.py evaluate_triage --compare            # every candidate of `evaluation.CANDIDATES` on dev
    manage.py evaluate_triage --cross-writer w3    # trained without writer w3, measured on w3's
                                                   # train and dev texts (never test)
    manage.py evaluate_triage --split test --final # the locked test split: once, at the end;
                                                   # appends the figures to docs/TRIAGE.md

The test split is refused without --final, so it is never looked at while tuning.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

RECORD_HEADING = "## Final test evaluations (appended by `evaluate_triage --final`)"


def final_flag(options: dict) -> bool:
    return bool(options.get("final"))


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Accuracy of feedback triage on a split of the labelled corpus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
        parser.add_argument(
            "--final",
            action="store_true",
            help="Allow the locked test split (records the run in docs/TRIAGE.md).",
        )
        parser.add_argument("--compare", action="store_true", help="Compare candidates on dev.")
        parser.add_argument(
            "--cross-writer",
            default=None,
            metavar="WRITER",
            help="Train without this writer's texts (e.g. w3) and measure on its train and dev.",
        )
        parser.add_argument("--record", default=None, help="Append final runs to this file.")
        parser.add_argument(
            "--learning-curve",
            action="store_true",
            help="With --final: accuracy on test after 0/100/500/2000 simulated corrections, "
            "written to kuulu/feedback/triage/data/learning_curve.json.",
        )

    def handle(self, *args: object, **options: object) -> None:
        from kuulu.feedback.triage.corpus import LockedSplit, counts, examples
        from kuulu.feedback.triage.evaluation import compare_on_dev, evaluate
        from kuulu.feedback.triage.store import build_shipped

        if options["learning_curve"]:
            if not final_flag(options):
                raise CommandError("The learning curve reads the locked test split: add --final.")
            from kuulu.feedback.triage.learning import learning_curve
            from kuulu.feedback.triage.status import LEARNING_CURVE

            curve = learning_curve(final=True)
            LEARNING_CURVE.write_text(json.dumps(curve, indent=1) + "\n", encoding="utf-8")
            self.stdout.write(json.dumps(curve))
            return
        if options["cross_writer"]:
            from kuulu.feedback.triage.evaluation import cross_writer

            try:
                figures = cross_writer(str(options["cross_writer"]))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(json.dumps(figures))
            return
        if options["compare"]:
            self.stdout.write(json.dumps({"split": "dev", "candidates": compare_on_dev()}))
            return
        split = str(options["split"])
        final = bool(options["final"])
        if split == "test" and not final:
            raise CommandError(
                "The test split is locked: it is used once, for the final figures, with --final."
            )
        model = build_shipped()  # trained on train (+ lexicon examples), thresholds on dev
        try:
            result = {
                "split": split,
                "examples": counts(examples(split, final=final)),
                "model": model.version,
                "thresholds": {
                    "kind": model.kind_threshold,
                    "theme": model.theme_threshold,
                    "complaint": model.complaint_threshold,
                },
                "shipped_model": evaluate(model, split, final=final),
                "baseline": evaluate(None, split, final=final),
            }
        except LockedSplit as exc:  # pragma: no cover - guarded above
            raise CommandError(str(exc)) from exc
        if split == "test":
            self._record(result, options["record"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _record(self, result: dict, record: object) -> None:
        path = Path(record) if isinstance(record, str) else settings.BASE_DIR / "docs" / "TRIAGE.md"
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
                capture_output=True,
                text=True,
                check=False,
                cwd=settings.BASE_DIR,
            ).stdout.strip()
        except OSError:
            commit = ""
        m = result["shipped_model"]
        lines = [
            "",
            f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or 'unknown'}, "
            f"model {result['model']}",
            "",
            "Test texts: "
            + ", ".join(f"{lang} {n}" for lang, n in result["examples"].items())
            + ". "
            + f"Type {m['overall']['kind_accuracy']:.3f} {tuple(m['overall']['kind_ci95'])}, "
            f"theme {m['overall']['theme_accuracy']:.3f} {tuple(m['overall']['theme_ci95'])}, "
            f"complaint recall {m['overall']['complaint_recall']}, "
            f"false show {m['overall']['complaint_false_show']}; "
            + "; ".join(
                f"{lang}: type {b['kind_accuracy']:.3f}, theme {b['theme_accuracy']:.3f}"
                for lang, b in m["by_language"].items()
            )
            + f". Baseline type {result['baseline']['overall']['kind_accuracy']:.3f}, "
            f"theme {result['baseline']['overall']['theme_accuracy']:.3f}.",
            "",
        ]
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if RECORD_HEADING not in text:
            lines.insert(0, "\n" + RECORD_HEADING + "\n")
        with path.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines))
