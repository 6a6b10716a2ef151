"""Where the triage models live: the shipped model and each county's retrained model.

The shipped model is trained from the corpus committed with the code (`data/corpus`, train
split) the first time a process needs it - deterministically, so every
server trains the same model - and kept in memory and in a cache file
`<model dir>/shipped-<corpus hash>.json`. A process that finds the cache file loads it in a
fraction of a second; installing needs no build step and no downloaded artefact, and a changed
corpus gets a new file name, so a stale cache is never used. `manage.py retrain_triage --shipped`
(or the task worker on its first triage) builds it ahead of the first request.

A county's retrained model is `<model dir>/county-<id>.json`. A missing file means the county
uses the shipped model; an unreadable or malformed one is logged as a warning and the shipped
model is used - triage never stops for a bad file.

All files are JSON rather than a pickle or a joblib file: loading those runs code from the
stored bytes, so whoever could replace the file could run code in every worker. JSON holds only
numbers and words, and `Bundle.from_json` checks its shape. Files are written to a temporary
name and renamed, so a reader never sees half a model; each process reloads a county file when
its modification time changes.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from kuulu.feedback.triage.bundle import FORMAT, Bundle, build, recipe_tag, training_examples
from kuulu.feedback.triage.corpus import corpus_fingerprint, examples

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_county_cache: dict[str, tuple[int, Bundle | None]] = {}
_shipped: dict[str, Bundle] = {}


def model_dir() -> Path:
    return Path(settings.FEEDBACK_TRIAGE_MODEL_PATH).parent


def county_model_path(county_id: int) -> Path:
    return model_dir() / f"county-{int(county_id)}.json"


def shipped_version() -> str:
    return f"shipped-{corpus_fingerprint()}-{recipe_tag()}"


def shipped_path() -> Path:
    return model_dir() / f"{shipped_version()}.json"


def _read(path: Path) -> Bundle:
    return Bundle.from_json(json.loads(path.read_text(encoding="utf-8")))


def _write(path: Path, bundle: Bundle) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(bundle.to_json(), out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def build_shipped() -> Bundle:
    """Train the shipped model from the committed corpus (train split; thresholds on dev).
    The older lexicon examples (`data/labelled.tsv`) are left out: with them, type accuracy on
    dev was lower (docs/TRIAGE.md)."""
    return build(training_examples(), examples("dev"), version=shipped_version())


def shipped_model(*, build: bool = True) -> Bundle | None:
    """The shipped model: from memory, the cache file, or trained now (and cached). With
    build=False (a web request), None instead of training for a minute."""
    version = shipped_version()
    with _lock:
        if version in _shipped:
            return _shipped[version]
        path = shipped_path()
        bundle = None
        if path.exists():
            try:
                bundle = _read(path)
            except (OSError, ValueError, KeyError, TypeError):
                logger.warning("triage: the shipped model cache was unreadable; training again")
        if bundle is None and not build:
            return None
        if bundle is None:
            bundle = build_shipped()
            try:
                _write(path, bundle)
            except OSError:
                logger.warning("triage: could not write the shipped model cache; kept in memory")
        _shipped.clear()
        _shipped[version] = bundle
        return bundle


def load_county_model(county_id: int) -> Bundle | None:
    """The county's retrained model, or None (missing, or unreadable: logged as a warning)."""
    path = county_model_path(county_id)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    key = str(path)
    with _lock:
        cached = _county_cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            bundle: Bundle | None = _read(path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning(
                "triage: the model file of county %s is unreadable or of another format (%s); "
                "using the shipped model",
                county_id,
                FORMAT,
            )
            bundle = None
        _county_cache[key] = (stamp, bundle)
        return bundle


def model_for(county_id: int | None, *, build: bool = True) -> Bundle | None:
    """The model triage uses for the county: its own if it has a good one, else the shipped
    (None only with build=False when the shipped model is neither in memory nor cached)."""
    if county_id is not None:
        county = load_county_model(county_id)
        if county is not None:
            return county
    return shipped_model(build=build)


def save_county_model(county_id: int, bundle: Bundle) -> Path:
    return _write(county_model_path(county_id), bundle)


def remove_county_model(county_id: int) -> bool:
    try:
        county_model_path(county_id).unlink()
    except FileNotFoundError:
        return False
    return True
