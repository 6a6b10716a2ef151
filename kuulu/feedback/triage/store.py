"""Where the retrained triage model lives: a JSON file (settings.FEEDBACK_TRIAGE_MODEL_PATH).

JSON rather than a pickle, a joblib file or a binary database field: loading any of those runs
code from the stored bytes, so whoever can replace the file or the row could run code in every
worker. JSON holds only numbers and words, and `TrainedModel.from_json` checks its shape. The
file is written to a temporary name and renamed, so a reader never sees half a model; each
process reloads it when its modification time changes. With several servers, put the path on
shared storage or run the retraining on each (it is deterministic for the same rows).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from kuulu.feedback.triage.model import TrainedModel

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[str, tuple[int, TrainedModel | None]] = {}


def model_path() -> Path:
    return Path(settings.FEEDBACK_TRIAGE_MODEL_PATH)


def load_model() -> TrainedModel | None:
    """The model in use, or None (the baseline is used)."""
    path = model_path()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    key = str(path)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            model: TrainedModel | None = TrainedModel.from_json(
                json.loads(path.read_text(encoding="utf-8"))
            )
        except (OSError, ValueError, KeyError, TypeError):
            logger.exception("The triage model file could not be read; using the baseline.")
            model = None
        _cache[key] = (stamp, model)
        return model


def save_model(model: TrainedModel) -> Path:
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(model.to_json(), out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def remove_model() -> bool:
    path = model_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
