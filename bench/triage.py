"""Triage speed: suggestions per second on one core, 95th-percentile latency, masking
throughput, and retraining on 20,000 corrections.

Usage:
    .venv/bin/python bench/triage.py                 # defaults below
    .venv/bin/python bench/triage.py --corrections 20000 --texts 1000

Pinned to one CPU (sched_setaffinity, BLAS threads 1). The model is the shipped one, trained
here from the corpus train split like `store.build_shipped`. Latency: one `Bundle.predict` per
text (type, theme, complaint choice, calibrated confidence), texts cycled from the corpus, after
a warm-up that loads the lemmatiser dictionaries. Masking: `kuulu.core.masking.mask_text` over the
same texts. Retraining: 20,000 corrections synthesised by resampling the corpus (train split, with
replacement; every other copy lower-cased and without punctuation so
not all are exact duplicates) added to the training data, then the full build (both models and
the 5-fold calibration) - what the worker does for a county. The last line is one JSON object.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--corrections", type=int, default=20_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from kuulu.feedback.triage.bundle import build
    from kuulu.feedback.triage.corpus import examples

    train = examples("train")
    dev = examples("dev")
    started = time.perf_counter()
    model = build(train, dev, version="bench")
    build_s = time.perf_counter() - started

    pool = train + dev
    texts = [(pool[i % len(pool)].text, pool[i % len(pool)].language) for i in range(args.texts)]
    for lang in ("fi", "sv", "en"):  # warm-up: each lemmatiser dictionary loads on first use
        model.predict("Kiitos, tack, thank you.", lang)
    latencies = []
    started = time.perf_counter()
    for text, lang in texts:
        t0 = time.perf_counter()
        model.predict(text, lang)
        latencies.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]

    from kuulu.core.masking import mask_text

    mask_text(texts[0][0])
    started = time.perf_counter()
    for text, _ in texts:
        mask_text(text)
    mask_s = time.perf_counter() - started

    rng = random.Random(0)
    corrections = []
    for n in range(args.corrections):
        item = rng.choice(train)
        if n % 2:
            item = replace(item, text=re.sub(r"[^\w\s]", "", item.text).lower())
        corrections.append(replace(item, id=f"correction-{n}", source="handler"))
    started = time.perf_counter()
    build(train + corrections, dev, version="bench-retrain")
    retrain_s = time.perf_counter() - started

    result = {
        "texts": len(texts),
        "per_second": round(len(texts) / total, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 2),
        "p95_ms": round(p95, 2),
        "mask_per_second": round(len(texts) / mask_s, 1),
        "retrain_s": round(retrain_s, 1),
        "retrain_examples": len(train) + len(corrections),
        "shipped_build_s": round(build_s, 1),
    }
    print(
        f"{result['per_second']} suggestions/s, p95 {result['p95_ms']} ms; "
        f"masking {result['mask_per_second']} texts/s; "
        f"retraining on {result['retrain_examples']} examples {result['retrain_s']} s"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
