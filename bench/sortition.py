"""Speed of the panel sortition engine: a 40-seat draw from 5,000 volunteers over 5 strata.

Usage:
    .venv/bin/python bench/sortition.py
    .venv/bin/python bench/sortition.py --volunteers 20000 --seats 60 --runs 20

Volunteers get skewed answers (as real volunteers are: older, more educated, more women) and the
quotas ask for a population-like panel, so the draw has to work against the skew. Each run uses a
different seed; the report gives the median and the slowest run and, as a ceiling for comparison,
the time to sort the same volunteers by id (the engine does that first). The last line is one
JSON object. Target (issue 7): under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kuulu.panels.sortition import Quota, Volunteer, select

STRATA = {
    "age": (["15-29", "30-44", "45-64", "65-74", "75+"], [1, 2, 3, 4, 3]),
    "gender": (["woman", "man", "other"], [6, 4, 0.2]),
    "municipality": (
        ["Kajaani", "Kuhmo", "Sotkamo", "Suomussalmi", "Paltamo", "Puolanka", "Ristijärvi"],
        [10, 2, 3, 2, 1, 1, 0.5],
    ),
    "language": (["fi", "sv", "other"], [20, 1, 1]),
    "education": (["basic", "secondary", "higher"], [1, 2, 4]),
}


def volunteers(n: int, seed: int = 7) -> list[Volunteer]:
    rng = random.Random(seed)
    return [
        Volunteer(
            f"v{i:05d}",
            {key: rng.choices(values, weights)[0] for key, (values, weights) in STRATA.items()},
        )
        for i in range(n)
    ]


def quotas(seats: int) -> list[Quota]:
    """Roughly proportional to the population: each value between its share -1 and +2."""
    population = {
        "age": [22, 22, 30, 14, 12],
        "gender": [49, 49, 2],
        "municipality": [50, 10, 14, 10, 5, 4, 2],
        "language": [94, 1, 5],
        "education": [25, 45, 30],
    }
    rows = []
    for key, (values, _weights) in STRATA.items():
        shares = population[key]
        total = sum(shares)
        for value, share in zip(values, shares, strict=True):
            target = seats * share / total
            rows.append(Quota(key, value, max(0, int(target) - 1), int(target) + 2))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    pool = volunteers(args.volunteers)
    rows = quotas(args.seats)
    shuffled = pool[:]
    random.Random(1).shuffle(shuffled)
    start = time.perf_counter()
    sorted(shuffled, key=lambda v: v.id)
    sort_seconds = time.perf_counter() - start
    times = []
    for seed in range(args.runs):
        start = time.perf_counter()
        selection = select(shuffled, rows, args.seats, seed)
        times.append(time.perf_counter() - start)
        if len(selection.selected) != args.seats:
            raise SystemExit(f"seed {seed}: {len(selection.selected)} seats filled")
    result = {
        "volunteers": args.volunteers,
        "strata": len(STRATA),
        "seats": args.seats,
        "runs": args.runs,
        "median_s": round(statistics.median(times), 4),
        "max_s": round(max(times), 4),
        "sort_only_s": round(sort_seconds, 4),
        "target_s": 1.0,
        "met": max(times) < 1.0,
    }
    print(f"{args.seats} seats from {args.volunteers} volunteers over {len(STRATA)} strata")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
