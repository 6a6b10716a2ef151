"""Triage suggestions for a file of texts, one JSON object a line - for counties to check Kuulu
on their own archives.

    manage.py triage_suggest FILE.jsonl [--county ID | --model FILE] [--output OUT.jsonl]

Each input line: {"text": "...", "lang": "fi"|"sv"|"en"} (other keys such as "id" are echoed
back as "id"). Each output line, in the same order: {"line", "kind", "theme",
"complaint_choice", "confidence", "unsure"} - or {"line", "error"} for a line that is not valid
JSON, not an object, has no text, an empty text, a text that is not a string, or one longer than
4,000 characters. Other lines are processed as usual. `FILE` "-" reads standard input.

The model: the county's retrained model with --county, a model file with --model, else the
shipped one. A missing or unreadable county model or file falls back to the shipped model with
a warning in the log - never to no triage.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

logger = logging.getLogger("kuulu.feedback.triage")
MAX_LENGTH = 4000
BATCH = 256


def parse_line(raw: str) -> tuple[dict | None, str | None]:
    """(the parsed row, None) or (None, the error)."""
    try:
        row = json.loads(raw)
    except ValueError:
        return None, "invalid JSON"
    if not isinstance(row, dict):
        return None, "a line must be a JSON object with a text"
    text = row.get("text")
    if text is None:
        return None, "no text"
    if not isinstance(text, str):
        return None, "the text is not a string"
    if not text.strip():
        return None, "empty text"
    if len(text) > MAX_LENGTH:
        return None, f"the text is longer than {MAX_LENGTH} characters ({len(text)})"
    lang = row.get("lang", "fi")
    if not isinstance(lang, str):
        return None, "lang is not a string"
    return row, None


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data job: needs no URL or template checks
    help = "Suggest type, theme and the formal-complaint choice for each line of a JSONL file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A JSONL file (or - for standard input).")
        parser.add_argument("--county", type=int, default=None, help="Use this county's model.")
        parser.add_argument("--model", default=None, help="Use this model file (JSON).")
        parser.add_argument("--output", default=None, help="Write here instead of stdout.")

    def handle(self, *args: object, **options: object) -> None:
        name = str(options["file"])
        try:
            source = sys.stdin.buffer if name == "-" else Path(name).open("rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}") from exc
        model = self._model(options)
        out = (
            Path(str(options["output"])).open("w", encoding="utf-8")  # noqa: SIM115
            if options["output"]
            else self.stdout
        )
        try:
            pending: list[tuple[int, dict]] = []
            results: dict[int, dict] = {}
            order: list[int] = []
            for number, data in enumerate(source, start=1):
                if not data.strip():
                    continue
                order.append(number)
                try:
                    row, error = parse_line(data.decode("utf-8"))
                except UnicodeDecodeError:
                    row, error = None, "the line is not UTF-8 text"
                if error is not None:
                    results[number] = {"line": number, "error": error}
                else:
                    pending.append((number, row))
                if len(pending) >= BATCH:
                    self._flush(model, pending, results, order, out)
            self._flush(model, pending, results, order, out)
        finally:
            if source is not sys.stdin.buffer:
                source.close()
            if out is not self.stdout:
                out.close()

    def _flush(self, model, pending, results, order, out) -> None:  # type: ignore[no-untyped-def]
        from kuulu.feedback.triage.text import language_or_default

        if pending:
            texts = [row["text"] for _, row in pending]
            languages = [language_or_default(row.get("lang", "fi")) for _, row in pending]
            for (number, row), p in zip(pending, model.predict_many(texts, languages), strict=True):
                result = {"line": number}
                if "id" in row:
                    result["id"] = row["id"]
                result.update(
                    {
                        "kind": p.kind,
                        "theme": p.theme,
                        "complaint_choice": p.complaint_choice,
                        "confidence": round(min(p.kind_confidence, p.theme_confidence), 3),
                        "kind_confidence": p.kind_confidence,
                        "theme_confidence": p.theme_confidence,
                        "unsure": p.unsure,
                    }
                )
                results[number] = result
            pending.clear()
        for number in list(order):
            if number not in results:
                break
            out.write(json.dumps(results.pop(number), ensure_ascii=False) + "\n")
            order.pop(0)

    def _model(self, options: dict):  # type: ignore[no-untyped-def]
        from kuulu.feedback.triage import store
        from kuulu.feedback.triage.bundle import Bundle

        if options["model"]:
            try:
                return Bundle.from_json(
                    json.loads(Path(str(options["model"])).read_text(encoding="utf-8"))
                )
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                logger.warning(
                    "triage_suggest: the model file is unreadable; using the shipped model"
                )
                return store.shipped_model()
        county = options["county"]
        if isinstance(county, int):
            model = store.load_county_model(county)
            if model is None:
                logger.warning(
                    "triage_suggest: county %s has no usable model; using the shipped model",
                    county,
                )
                return store.shipped_model()
            return model
        return store.shipped_model()
