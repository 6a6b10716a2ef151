"""Deliberation engine speed and memory, against red-dwarf on the same inputs.

Usage:
    .venv/bin/python bench/deliberation.py                # all sizes, red-dwarf where installed
    .venv/bin/python bench/deliberation.py --sizes 5000x1000
    make bench-deliberation                                # creates .venv-bench with red-dwarf first

Each run happens in a fresh subprocess that generates the same synthetic conversation (planted
opinion groups, realistic sparsity: each participant votes on a few dozen statements), runs one
implementation's whole pipeline, and reports seconds (pipeline only, not data generation) and its
own peak resident memory. red-dwarf (a benchmark-only dependency) runs from .venv-bench if present.
The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
# (participants, statements, votes per participant on average)
SIZES = {
    "5000x1000": (5000, 1000, 50),
    "33000x800": (33000, 800, 40),
    "100000x2000": (100000, 2000, 30),
}
TARGETS = {"5000x1000": 1.0, "33000x800": 3.0, "100000x2000": 30.0}


def synthetic(n_participants: int, n_statements: int, per_participant: int, seed: int = 7):
    """Votes as numpy arrays (participant, statement, value) in the order cast."""
    import numpy as np

    rng = np.random.default_rng(seed)
    groups = 3
    truth = rng.integers(0, groups, n_participants)
    stance = rng.choice(np.array([-1, 1]), size=(groups, n_statements))
    counts = np.clip(rng.poisson(per_participant, n_participants), 1, n_statements)
    participants = np.repeat(np.arange(n_participants), counts)
    # Popular statements get more votes, as in real conversations (earlier ones are seen more).
    weights = 1.0 / np.sqrt(np.arange(1, n_statements + 1))
    statements = rng.choice(n_statements, size=len(participants), p=weights / weights.sum())
    values = stance[truth[participants], statements]
    noise = rng.random(len(values))
    values = np.where(noise < 0.15, 0, np.where(noise < 0.25, -values, values))
    order = rng.permutation(len(values))
    participants, statements, values = participants[order], statements[order], values[order]
    # One vote per participant and statement (the last), so that both implementations get
    # exactly the same cells; red-dwarf refuses duplicate cells.
    key = participants.astype(np.int64) * n_statements + statements
    _, last_from_end = np.unique(key[::-1], return_index=True)
    keep = np.sort(len(key) - 1 - last_from_end)
    return participants[keep], statements[keep], values[keep].astype(np.int8)


def run_one(implementation: str, size: str) -> dict:
    n, m, per = SIZES[size]
    participants, statements, values = synthetic(n, m, per)
    if implementation == "kuulu":
        sys.path.insert(0, str(ROOT))
        from kuulu.deliberation.engine import Votes, analyse

        started = time.perf_counter()
        analysis = analyse(Votes(participants, statements, values), seed=0)
        seconds = time.perf_counter() - started
        groups = analysis.k
        stages = analysis.seconds
    else:
        from reddwarf.implementations.polis import run_pipeline

        votes = [
            {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": i}
            for i, (p, s, v) in enumerate(zip(participants, statements, values, strict=True))
        ]
        started = time.perf_counter()
        result = run_pipeline(votes=votes, random_state=0)
        seconds = time.perf_counter() - started
        groups = (
            len({int(x) for x in result.clusterer.labels_}) if result.clusterer is not None else 0
        )
        stages = {}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "implementation": implementation,
        "size": size,
        "votes": len(values),
        "seconds": round(seconds, 3),
        "peak_mb": round(peak_mb, 1),
        "groups": groups,
        "stages": stages,
    }


def measure(python: Path | str, implementation: str, size: str, timeout: float) -> dict:
    try:
        completed = subprocess.run(
            [str(python), __file__, "--child", implementation, size],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {
            "implementation": implementation,
            "size": size,
            "error": f"timed out after {timeout:.0f} s",
        }
    if completed.returncode != 0:
        return {
            "implementation": implementation,
            "size": size,
            "error": completed.stderr.strip().splitlines()[-1:],
        }
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--reddwarf-timeout", type=float, default=900)
    parser.add_argument("--child", nargs=2, metavar=("IMPLEMENTATION", "SIZE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    results: dict[str, dict] = {}
    for size in args.sizes.split(","):
        ours = measure(sys.executable, "kuulu", size, timeout=600)
        theirs = (
            measure(BENCH_PYTHON, "reddwarf", size, timeout=args.reddwarf_timeout)
            if BENCH_PYTHON.exists()
            else {"error": "red-dwarf not installed (make bench-deliberation)"}
        )
        entry = {
            "votes": ours.get("votes"),
            "kuulu_seconds": ours.get("seconds"),
            "kuulu_peak_mb": ours.get("peak_mb"),
            "kuulu_groups": ours.get("groups"),
            "kuulu_stages": ours.get("stages"),
            "target_seconds": TARGETS.get(size),
            "reddwarf_seconds": theirs.get("seconds"),
            "reddwarf_peak_mb": theirs.get("peak_mb"),
            "reddwarf_groups": theirs.get("groups"),
        }
        if "error" in theirs:
            entry["reddwarf_error"] = theirs["error"]
        if ours.get("seconds") and theirs.get("seconds"):
            entry["speedup"] = round(theirs["seconds"] / ours["seconds"], 1)
        results[size] = entry
        print(
            f"{size:>12}: kuulu {entry['kuulu_seconds']} s, {entry['kuulu_peak_mb']} MB; "
            f"red-dwarf {entry['reddwarf_seconds']} s, {entry['reddwarf_peak_mb']} MB; "
            f"speedup {entry.get('speedup')}",
            flush=True,
        )
    print(json.dumps({"sizes": results, "cpu_count": os.cpu_count()}))


if __name__ == "__main__":
    main()
