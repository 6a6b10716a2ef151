"""Where sync documents come from: files named on the command line, uploads, the drop
directory of the scheduled run. Each ends in parse.parse_files / parse_json."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation

from kuulu.organisation.models import County, HrSyncRun
from kuulu.organisation.sync import parse
from kuulu.organisation.sync.apply import SyncResult, apply_sync
from kuulu.organisation.sync.messages import problem_rows

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024


def email_ok(value: str) -> bool:
    """Django's own email rule, the one the person form uses."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return parse.is_email(value)


def document_from_files(
    files: Iterable[tuple[str, bytes]], *, full: bool | None = None
) -> parse.Document:
    return parse.parse_files(files, full=full, email_ok=email_ok)


def document_from_json(data: Any, *, full: bool | None = None) -> parse.Document:
    return parse.parse_json(data, email_ok=email_ok, full=full)


def document_from_paths(paths: Iterable[Path], *, full: bool | None = None) -> parse.Document:
    files = []
    for path in paths:
        if path.stat().st_size > MAX_FILE_BYTES:
            problem = parse.Problem("file", None, "", "too_many_rows", {"limit": parse.MAX_ROWS})
            return parse.Document(None, None, True, (problem,))
        files.append((path.name, path.read_bytes()))
    return document_from_files(files, full=full)


@dataclass(frozen=True)
class DropOutcome:
    files: tuple[str, ...]
    result: SyncResult | None


def run_drop_directory(
    *, directory: Path, county: County, language: str = "fi"
) -> DropOutcome | None:
    """Apply what waits in the drop directory: one JSON document, or a units and/or a people
    CSV (applied together). The files move to `done/<time>/` or `rejected/<time>/`; a rejected
    batch gets a `report.json` with the per-row problems. None when nothing waits."""
    waiting = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in (".json", ".csv") and not p.name.startswith(".")
    )
    if not waiting:
        return None
    jsons = [p for p in waiting if p.suffix.lower() == ".json"]
    batch = [jsons[0]] if jsons else [p for p in waiting if p.suffix.lower() == ".csv"]
    document = document_from_paths(batch)
    result = apply_sync(county=county, document=document, source=HrSyncRun.Source.SCHEDULED)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    target = directory / ("done" if result.applied else "rejected") / f"{stamp}-{result.run.pk}"
    target.mkdir(parents=True, exist_ok=True)
    for path in batch:
        shutil.move(str(path), target / path.name)
    if not result.applied:
        with translation.override(language):
            report = {"run": result.run.pk, "problems": problem_rows(result.plan)}
        (target / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    # Counts only: the log never names people.
    logger.info(
        "hr sync run %s from the drop directory: %s (%s problems)",
        result.run.pk,
        result.run.status,
        result.run.problem_count,
    )
    return DropOutcome(tuple(p.name for p in batch), result)
