"""What the coordinator's triage page shows: the model in use, the last retraining, how often
handlers kept the suggested type, and the learning curve measured on the locked test split
(`data/learning_curve.json`, written by `evaluate_triage --final --learning-curve`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, F, Q

from kuulu.feedback.models import Feedback
from kuulu.feedback.triage import store
from kuulu.feedback.triage.training import read_status

LEARNING_CURVE = Path(__file__).resolve().parent / "data" / "learning_curve.json"


@dataclass(frozen=True)
class TriageStatus:
    model_version: str
    county_model: bool
    last_retraining: dict | None
    confirmed: int
    kept_kind: int
    unsure_open: int
    learning_curve: dict | None

    @property
    def kept_kind_share(self) -> int | None:
        return round(100 * self.kept_kind / self.confirmed) if self.confirmed else None


def learning_curve(path: Path | None = None) -> dict | None:
    try:
        data = json.loads((path or LEARNING_CURVE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("rows") else None


def triage_status(county_id: int) -> TriageStatus:
    counts = Feedback.objects.filter(county_id=county_id).aggregate(
        confirmed=Count("id", filter=Q(triage_confirmed=True) & ~Q(suggested_kind="")),
        kept=Count(
            "id",
            filter=Q(triage_confirmed=True) & ~Q(suggested_kind="") & Q(kind=F("suggested_kind")),
        ),
        unsure=Count("id", filter=Q(triage_confirmed=False, triage_unsure=True)),
    )
    county_model = store.county_model_path(county_id).exists()
    status = read_status(county_id)
    version = (
        status["in_use"]
        if county_model and status and status.get("in_use")
        else store.shipped_version()
    )
    return TriageStatus(
        model_version=version,
        county_model=county_model,
        last_retraining=status,
        confirmed=counts["confirmed"],
        kept_kind=counts["kept"],
        unsure_open=counts["unsure"],
        learning_curve=learning_curve(),
    )
