"""Speed and fairness of panel sortition: a 40-seat draw from 5,000 volunteers over 5 strata,
maximally fair (maximin, the default) and stratified random (the option).

Usage:
    .venv/bin/python bench/sortition.py
    .venv/bin/python bench/sortition.py --volunteers 20000 --seats 60 --stratified-runs 300

Volunteers get skewed answers (as real volunteers are: older, more educated, more women) and the
quotas ask for a population-like panel, so the draw has to work against the skew. Some quotas
are partial on purpose: "other" gender and "other" language have no quota (unconstrained).

Measured in one run:
- `maximin_s`: `fairness.select_maximin` (types, coverage, column generation, lottery), wall
  clock, and `maximin_cpu_s` (CPU time of this process, which is what the machine's load does
  not change);
- `stratified_s`: the median of `--stratified-runs` stratified draws (`sortition.select`);
  their selections also estimate the stratified draw's smallest selection probability, per
  answer combination with at least 25 volunteers (so that a few hundred runs suffice):
  `stratified_min_probability`, against maximin's smallest for the same volunteers;
- `baseline_s`: one integer program finding one panel that meets the quotas (what the engine
  solves a few hundred times): `maximin_over_baseline` is the ratio.

The last line is one JSON object. Targets (issue 14): maximin < 30 s, stratified < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kuulu.panels import fairness
from kuulu.panels.sortition import Quota, Volunteer, canonical_inputs, select

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
MIN_TYPE_SIZE = 25
# No quota for these values: they are unconstrained (0..all seats).
UNLISTED = {("gender", "other"), ("language", "other")}


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
            if (key, value) in UNLISTED:
                continue
            target = seats * share / total
            rows.append(Quota(key, value, max(0, int(target) - 1), int(target) + 2))
    return rows


def load() -> float:
    return round(os.getloadavg()[0], 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--stratified-runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    load_start = load()
    pool = volunteers(args.volunteers)
    rows = quotas(args.seats)
    shuffled = pool[:]
    random.Random(1).shuffle(shuffled)

    # Baseline: one integer program for one panel meeting the quotas, on the same inputs.
    ordered, ordered_quotas = canonical_inputs(shuffled, rows, args.seats)
    model = fairness._model(ordered, ordered_quotas, args.seats)
    start = time.perf_counter()
    found = fairness._best_panel(model, 1.0 / model.sizes)
    baseline = time.perf_counter() - start
    if found is None:
        raise SystemExit("the quotas cannot be met")

    start, cpu = time.perf_counter(), time.process_time()
    selection = fairness.select_maximin(shuffled, rows, args.seats, args.seed)
    maximin_s = time.perf_counter() - start
    maximin_cpu = time.process_time() - cpu
    distribution = selection.distribution
    if len(selection.selected) != args.seats:
        raise SystemExit(f"{len(selection.selected)} seats filled")
    if abs(sum(selection.probabilities.values()) - args.seats) > 1e-6:
        raise SystemExit("the probabilities do not add up to the seats")

    times = []
    chosen: Counter[tuple[str, ...]] = Counter()
    strata = sorted(STRATA)
    type_of = {v.id: tuple(v.features[s] for s in strata) for v in pool}
    type_sizes = Counter(type_of.values())
    for seed in range(args.stratified_runs):
        start = time.perf_counter()
        drawn = select(shuffled, rows, args.seats, seed)
        times.append(time.perf_counter() - start)
        chosen.update(type_of[i] for i in drawn.selected)
    # Estimated per answer combination with enough volunteers for a stable figure; maximin's
    # minimum is over every volunteer, a stronger statement.
    measured = {t: size for t, size in type_sizes.items() if size >= MIN_TYPE_SIZE}
    stratified_min = min(chosen[t] / (args.stratified_runs * size) for t, size in measured.items())
    maximin_on_measured = min(
        selection.probabilities[v.id] for v in pool if type_sizes[type_of[v.id]] >= MIN_TYPE_SIZE
    )
    result = {
        "volunteers": args.volunteers,
        "strata": len(STRATA),
        "seats": args.seats,
        "types": len(distribution["types"]),
        "maximin_s": round(maximin_s, 2),
        "maximin_cpu_s": round(maximin_cpu, 2),
        "iterations": distribution["iterations"],
        "panels_in_distribution": len(distribution["panels"]),
        "min_probability": round(selection.min_probability, 6),
        "upper_bound": round(distribution["upper_bound"], 6),
        "stratified_s": round(statistics.median(times), 4),
        "stratified_max_s": round(max(times), 4),
        "stratified_runs": args.stratified_runs,
        "stratified_min_probability": round(stratified_min, 6),
        "maximin_min_probability_same_volunteers": round(maximin_on_measured, 6),
        "volunteers_in_comparison": sum(measured.values()),
        "average_probability": round(args.seats / args.volunteers, 6),
        "baseline_s": round(baseline, 4),
        "maximin_over_baseline": round(maximin_s / baseline, 1),
        "load_start": load_start,
        "load_end": load(),
        "met": maximin_s < 30 and max(times) < 1.0,
    }
    print(
        f"{args.seats} seats from {args.volunteers} volunteers over {len(STRATA)} strata: "
        f"maximin {maximin_s:.1f} s (smallest chance {selection.min_probability:.4%}), "
        f"stratified {statistics.median(times):.3f} s (smallest chance about "
        f"{stratified_min:.4%})"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
