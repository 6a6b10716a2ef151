"""Run red-dwarf on one Polis openData folder and print its groups as JSON (bench helper).

Run with the benchmark environment: .venv-bench/bin/python bench/reddwarf_groups.py FOLDER [N]
Reads participants-votes.csv (latest votes) and comments.csv (moderated = -1 is moderated out),
calls red-dwarf's Polis pipeline with its defaults (min 7 votes, k up to 5, fixed random_state),
and prints {"seconds": best of N times of run_pipeline alone, "groups": {participant: group}}.
"""

from __future__ import annotations

import csv
import json
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def main() -> None:
    folder = Path(sys.argv[1])
    with (folder / "comments.csv").open(encoding="utf-8-sig", newline="") as handle:
        mod_out = [
            int(row["comment-id"])
            for row in csv.DictReader(handle)
            if (row.get("moderated") or "0").strip() == "-1"
        ]
    votes = []
    with (folder / "participants-votes.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        at = header.index("participant")
        columns = [(i, int(c)) for i, c in enumerate(header) if c.strip().isdigit()]
        for row in reader:
            pid = int(row[at])
            for i, cid in columns:
                if row[i] != "":
                    votes.append(
                        {
                            "participant_id": pid,
                            "statement_id": cid,
                            "vote": int(row[i]),
                            "modified": 0,
                        }
                    )
    from reddwarf.implementations.polis import run_pipeline

    seconds = float("inf")
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 1):  # best of N, as the engine
        start = time.perf_counter()
        result = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=0)
        seconds = min(seconds, time.perf_counter() - start)
    frame = result.participants_df
    import pandas as pd

    groups = {
        int(pid): int(g)
        for pid, g in zip(frame.index, frame["cluster_id"], strict=True)
        if not pd.isna(g) and g >= 0
    }
    print(json.dumps({"seconds": seconds, "groups": groups}))


if __name__ == "__main__":
    main()
