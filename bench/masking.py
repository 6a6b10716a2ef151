"""Masking speed and memory: `kuulu.core.masking.mask_text` over labelled masking cases and
ordinary feedback, on one core.

Usage:
    .venv/bin/python bench/masking.py                    # this checkout
    .venv/bin/python bench/masking.py --root /tmp/base   # another checkout (a git worktree), to
                                                         # compare in the same run

Texts: every case of the masking dev splits (kuulu/core/tests/data/masking/dev*.jsonl) and the
triage corpus's dev texts, read from this checkout so both sides mask the same texts. The first
call is timed apart (it loads the name lists, the register and, since the eighth round, the name
tagger's weights and wordfreq's lists); the memory figure is the growth of the process's peak
resident size over that first call. Then `--rounds` passes over all texts: texts per second and
the 95th-percentile time per text; then one text of 10,000 and one of 50,000 characters (the
texts joined), which should take about five times as long, not 25. The last line is one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def texts() -> list[str]:
    from kuulu.feedback.triage.corpus import split_of

    result = []
    for path in sorted((HERE / "kuulu/core/tests/data/masking").glob("dev*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                result.append(json.loads(line)["text"])
    corpus = HERE / "kuulu/feedback/triage/data/corpus"
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                item = json.loads(line)
                if split_of(item["id"]) == "dev":
                    result.append(item["text"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sys.path.insert(0, str(args.root.resolve()))
    all_texts = texts()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    from kuulu.core.masking import mask_text

    mask_text("Tuuli, our social worker, called from 040 123 4567.")
    first_call_s = time.perf_counter() - started
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    durations = []
    started = time.perf_counter()
    for _ in range(args.rounds):
        for text in all_texts:
            t0 = time.perf_counter()
            mask_text(text)
            durations.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    # one long text (texts joined) of 10,000 and of 50,000 characters: the time should grow
    # about fivefold, not 25-fold
    joined = " ".join(all_texts)
    long_s = {}
    for size in (10_000, 50_000):
        t0 = time.perf_counter()
        mask_text(joined[:size])
        long_s[size] = time.perf_counter() - t0
    result = {
        "root": str(args.root),
        "texts": len(all_texts),
        "rounds": args.rounds,
        "mask_per_second": round(len(durations) / elapsed, 1),
        "p95_ms": round(statistics.quantiles(durations, n=20)[18] * 1000, 3),
        "first_call_s": round(first_call_s, 2),
        "first_call_rss_mb": round(rss_mb, 1),
        "long_10k_s": round(long_s[10_000], 3),
        "long_50k_s": round(long_s[50_000], 3),
        "load": os.getloadavg()[0],
    }
    print(
        f"{result['mask_per_second']} texts/s, p95 {result['p95_ms']} ms, first call "
        f"{result['first_call_s']} s (+{result['first_call_rss_mb']} MB), load {result['load']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
