"""Equal Shares counting speed against pabutools on real Pabulib files, same run, same machine.

Usage:
    .venv/bin/python bench/pb_counting.py                      # the largest file found, plain MES
    .venv/bin/python bench/pb_counting.py FILE.pb [FILE.pb ...] --full

``measure(path)`` counts one file by the Method of Equal Shares with cost utilities (no
completion: the Add1 completion re-runs the method once per extra currency unit per voter, which
takes pabutools hours on a city-wide vote) in Kuulu and in pabutools 1.2.3 and reports both times
and whether the winners are identical. ``--full`` also times the whole rule Kuulu publishes
(Equal Shares + Add1 + greedy completion) on both sides; use it on files up to a few thousand
voters. Parsing is not timed. The data: ``pip download --no-deps pabumeasures==0.2.2`` and
unpack its ``data/*.pb`` (real Pabulib files) into /work/pabulib/, or pass any Pabulib file. The
last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DIRS = (Path("/work/pabulib"), ROOT / "kuulu" / "budgeting" / "tests" / "data" / "pabulib")


def largest_file() -> Path:
    files = [f for folder in DEFAULT_DIRS if folder.is_dir() for f in folder.glob("*.pb")]
    return max(files, key=lambda f: f.stat().st_size)


def _pabutools_instance(path: Path):
    from pabutools.election import Instance, parse_pabulib

    instance, profile = parse_pabulib(str(path))
    # Kuulu never funds a project nobody voted for; give pabutools the same projects.
    supported = {project.name for ballot in profile for project in ballot}
    instance = Instance(
        [p for p in instance if p.name in supported], budget_limit=instance.budget_limit
    )
    return instance, profile


def measure(path: str | Path, *, full: bool = False) -> dict:
    """Time Kuulu's and pabutools' Equal Shares on one Pabulib file (winners compared)."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    from kuulu.budgeting.counting import count
    from kuulu.budgeting.counting.equal_shares import equal_shares_selection
    from kuulu.budgeting.counting.pabulib import parse
    from kuulu.budgeting.counting.tally import tally

    path = Path(path)
    started = time.perf_counter()
    election = parse(path.read_text(encoding="utf-8"))
    parse_s = time.perf_counter() - started
    instance, profile = _pabutools_instance(path)

    started = time.perf_counter()
    t = tally(election)
    funded, *_ = equal_shares_selection(t, election.budget, add1=False)
    mes_s = time.perf_counter() - started
    ours = sorted(t.ids[j] for j in funded)

    started = time.perf_counter()
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    pabutools_s = time.perf_counter() - started
    theirs = sorted(p.name for p in outcome)

    result = {
        "file": path.name,
        "voters": len(election.ballots),
        "projects": len(election.projects),
        "parse_s": round(parse_s, 4),
        "mes_s": round(mes_s, 4),
        "pabutools_s": round(pabutools_s, 4),
        "speedup": round(pabutools_s / mes_s, 1) if mes_s else None,
        "same_winners": ours == theirs,
        "winners": len(ours),
    }
    if full:
        started = time.perf_counter()
        counted = count(election, "equal-shares")
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
        full_pabutools_s = time.perf_counter() - started
        result.update(
            full_rule_s=round(full_s, 4),
            full_rule_pabutools_s=round(full_pabutools_s, 4),
            full_rule_speedup=round(full_pabutools_s / full_s, 1) if full_s else None,
            full_rule_same_winners=sorted(counted.selected) == sorted(p.name for p in outcome),
            add1_steps=counted.rounds[0].detail.get("add1_steps") if counted.rounds else 0,
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--full", action="store_true", help="also time Add1 + greedy completion")
    args = parser.parse_args()
    files = args.files or [largest_file()]
    results = []
    for path in files:
        result = measure(path, full=args.full)
        results.append(result)
        print(json.dumps(result), flush=True)
    # The headline is the largest file counted; every run is kept under "runs".
    headline = max(results, key=lambda r: r["voters"])
    print(json.dumps({**headline, "runs": results} if len(results) > 1 else headline))


if __name__ == "__main__":
    main()
