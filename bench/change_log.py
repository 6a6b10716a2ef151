"""Reading the indicators' change log (PostgreSQL): the whole log against only the tables a
call's sources watch.

Usage:
    .venv/bin/python bench/change_log.py                # 20,000 log rows (a busy day)
    .venv/bin/python bench/change_log.py --rows 100000 --runs 41

Uses its own PostgreSQL database `kuulu_changelog_bench` (`BENCH_DATABASE_URL` overrides it),
creates only the log table with the index of indicators migration 0002, and fills it with
`--rows` rows spread over eight busy tables (a day's changes; the retention job prunes the log
to a day). Then, in one process and alternating, the median of `--runs` reads of:

- baseline: `SELECT 1`;
- whole log: the query every request made before 2026-12-07 (every table's count and max id);
- every source: `change_log.read_log` of every table any source watches (the all-indicators page);
- one source: `change_log.read_log` of the feedback source's tables (a page with one indicator).

The last line is one JSON object with the medians in milliseconds and the ratios to the whole log.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kuulu_changelog_bench"
BUSY = (
    "feedback_feedback",
    "surveys_response",
    "surveys_answer",
    "events_registration",
    "outcomes_outcomeinput",
    "organisation_person",
    "channels_membership",
    "deliberation_vote",
)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulu.settings")
    import django

    django.setup()
    from django.db import connection

    from kuulu.indicators import change_log, selectors
    from kuulu.indicators.catalogue import SOURCES

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS indicators_change (id bigserial PRIMARY KEY, "
            "tbl text NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicators_change_tbl_id ON indicators_change (tbl, id)"
        )
        cursor.execute("TRUNCATE indicators_change")
        cursor.execute(
            "INSERT INTO indicators_change (tbl) "
            "SELECT (%s::text[])[1 + (i %% %s)] FROM generate_series(1, %s) i",
            [list(BUSY), len(BUSY), args.rows],
        )
        cursor.execute("VACUUM ANALYZE indicators_change")

    def run(sql: str, params: list | None = None) -> None:  # type: ignore[type-arg]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    every = set().union(*(selectors._watched_tables(s) for s in (*SOURCES, "manual")))
    one = selectors._watched_tables("feedback")
    results: dict[str, list[float]] = {"baseline": [], "whole": [], "every": [], "one": []}
    for _ in range(3):  # alternate, so that the machine's noise falls on all of them
        results["baseline"].append(_median_ms(lambda: run("SELECT 1"), args.runs))
        results["whole"].append(
            _median_ms(
                lambda: run("SELECT tbl, count(*), max(id) FROM indicators_change GROUP BY tbl"),
                args.runs,
            )
        )
        results["every"].append(_median_ms(lambda: change_log.read_log(every), args.runs))
        results["one"].append(_median_ms(lambda: change_log.read_log(one), args.runs))
    med = {k: round(statistics.median(v), 3) for k, v in results.items()}
    for name, label in (
        ("baseline", "SELECT 1"),
        ("whole", "whole log grouped (before)"),
        ("every", f"every source's tables ({len(every)})"),
        ("one", f"the feedback source's tables ({len(one)})"),
    ):
        print(f"{label:45} {med[name]:8.3f} ms  rounds {results[name]}")
    print(f"load average {os.getloadavg()}")
    print(
        json.dumps(
            {
                "rows": args.rows,
                "baseline_ms": med["baseline"],
                "whole_log_ms": med["whole"],
                "every_source_ms": med["every"],
                "one_source_ms": med["one"],
                "every_ratio": round(med["every"] / med["whole"], 3),
                "one_ratio": round(med["one"] / med["whole"], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
