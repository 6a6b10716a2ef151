"""Retraining a county's triage model from its handlers' confirmations and corrections.

A county's model learns from the shipped training data (corpus train split) plus every confirmed feedback of the county (the type and theme the handler chose).
The new model replaces the one in use only if it is not worse on the corpus dev split (mean of
type and theme accuracy, with a tolerance of half a point for noise): a few careless or
malicious corrections cannot degrade triage. The
dev split never trains a model, so it stays a fair judge. Runs on the task worker
(`tasks.retrain_triage_model`); each outcome is written next to the model as a status file the
coordinator's triage page shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone

from kuulu.feedback.models import Feedback
from kuulu.feedback.triage import store
from kuulu.feedback.triage.bundle import Bundle, build, training_examples
from kuulu.feedback.triage.corpus import Item, examples
from kuulu.feedback.triage.evaluation import accuracy_of


@dataclass(frozen=True)
class RetrainResult:
    county_id: int
    examples: int  # the county's confirmed feedback
    in_use: str  # the model version now in use
    trained: bool  # a new model replaced the one in use
    reason: str
    metrics: dict[str, float] = field(default_factory=dict)
    at: str = ""


def confirmed_examples(county_id: int) -> list[Item]:
    rows = (
        Feedback.objects.filter(
            county_id=county_id,
            triage_confirmed=True,
            theme__isnull=False,
            anonymised_at__isnull=True,
        )
        .exclude(text="")
        .order_by("pk")
        .values_list("pk", "text", "language", "kind", "theme__code")
    )
    return [
        Item(
            id=f"feedback-{pk}",
            language=lang,
            text=text,
            kind=kind,
            theme=code,
            wants_complaint=False,
            source="handler",
        )
        for pk, text, lang, kind, code in rows
    ]


def dev_score(model: Bundle, dev: Sequence[Item]) -> tuple[float, float]:
    figures = accuracy_of(model, dev)
    return figures["kind_accuracy"], figures["theme_accuracy"]


def train_with_corrections(
    corrections: Sequence[Item], *, version: str, calibrate_folds: int = 5
) -> Bundle:
    train = training_examples() + list(corrections)
    return build(train, examples("dev"), version=version, calibrate_folds=calibrate_folds)


# "Not worse": the mean of type and theme accuracy on dev may not drop by more than this - about
# one dev text in 250, so a retraining that changes nothing is not refused for noise, while bad
# corrections (which cost several points) are.
TOLERANCE = 0.005


def guarded_replace(
    current: Bundle, candidate: Bundle, dev: Sequence[Item]
) -> tuple[bool, dict[str, float]]:
    """Whether the candidate may replace the current model: not worse on dev."""
    new_kind, new_theme = dev_score(candidate, dev)
    old_kind, old_theme = dev_score(current, dev)
    metrics = {
        "dev_kind_accuracy_new": round(new_kind, 4),
        "dev_theme_accuracy_new": round(new_theme, 4),
        "dev_kind_accuracy_old": round(old_kind, 4),
        "dev_theme_accuracy_old": round(old_theme, 4),
        "dev_examples": float(len(dev)),
    }
    return (new_kind + new_theme) / 2 >= (old_kind + old_theme) / 2 - TOLERANCE, metrics


def _status_path(county_id: int):
    return store.model_dir() / f"county-{int(county_id)}.status.json"


def write_status(result: RetrainResult) -> None:
    path = _status_path(result.county_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")


def read_status(county_id: int) -> dict | None:
    try:
        data = json.loads(_status_path(county_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def retrain(
    county_id: int, *, min_examples: int | None = None, calibrate_folds: int = 5
) -> RetrainResult:
    minimum = settings.FEEDBACK_TRIAGE_MIN_EXAMPLES if min_examples is None else min_examples
    corrections = confirmed_examples(county_id)
    current = store.model_for(county_id)
    now = timezone.now()
    if len(corrections) < minimum:
        result = RetrainResult(
            county_id=county_id,
            examples=len(corrections),
            in_use=current.version,
            trained=False,
            reason=f"{len(corrections)} confirmed examples, {minimum} needed",
            at=now.isoformat(),
        )
        write_status(result)
        return result
    version = f"county{county_id}-{now:%Y%m%d%H%M}-n{len(corrections)}"
    candidate = train_with_corrections(
        corrections, version=version, calibrate_folds=calibrate_folds
    )
    accepted, metrics = guarded_replace(current, candidate, examples("dev"))
    if accepted:
        store.save_county_model(county_id, candidate)
    result = RetrainResult(
        county_id=county_id,
        examples=len(corrections),
        in_use=candidate.version if accepted else current.version,
        trained=accepted,
        reason=(
            "the retrained model is not worse on the dev split and replaced the one in use"
            if accepted
            else "the retrained model was worse on the dev split; the one in use stays"
        ),
        metrics=metrics,
        at=now.isoformat(),
    )
    write_status(result)
    return result


def retrain_all(*, min_examples: int | None = None) -> list[RetrainResult]:
    county_ids = (
        Feedback.objects.filter(triage_confirmed=True)
        .order_by()
        .values_list("county_id", flat=True)
        .distinct()
    )
    return [retrain(pk, min_examples=min_examples) for pk in sorted(set(county_ids))]
