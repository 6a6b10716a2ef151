"""HR and organisation sync of a county-sized file on PostgreSQL: dry run and apply.

Usage:
    .venv/bin/python bench/hr_sync.py                       # 400 units, 4,000 people
    .venv/bin/python bench/hr_sync.py --units 40 --people 400 --runs 1   # a small trial

Uses its own PostgreSQL database `kuulu_bench_hrsync` (`BENCH_DATABASE_URL` overrides; created if
missing and migrated). Every run makes a new county (slug `bench-hr-<time>`), so runs never see
each other's rows. It writes a units CSV (a tree four levels deep: 8 service areas, units, teams)
and a people CSV in a temporary directory and measures, through the same functions the command
and the workspace page use (`document_from_paths`, `preview_sync`, `apply_sync`):

1. first sync into the empty county: dry run (parse + plan), then apply (everything added,
   one account per person);
2. the same files again: dry run and apply (nothing changes: the idempotent case);
3. a day of HR changes: 20 units moved to another parent (their subtrees follow), 10 renamed,
   4 % of people moved to another unit, 2 % left (absent from the full file), 1 % new, 2 % with
   a new title: dry run, then apply.

Baselines in the same run, so figures read as ratios on a noisy machine: `SELECT 1` round trip,
and `bulk_create` of the same number of bare Person rows (with their User rows) into a scratch
county: the least any import of these rows must cost.

The load average (`os.getloadavg()`) is printed at the start and the end. Medians of `--runs`
runs for the repeatable steps (2); the first and third steps run once per run on a fresh county.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench_hrsync"
)


def log(message: str) -> None:
    print(message, flush=True)


def env() -> dict[str, str]:
    out = dict(os.environ)
    out.update(
        DATABASE_URL=DB_URL,
        SECRET_KEY="bench-only-secret-key-not-for-production",  # noqa: S106 - local bench only
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="kuulu.settings",
        LOG_LEVEL="WARNING",
    )
    out.pop("DEBUG", None)
    return out


def prepare_database() -> None:
    from front_page import ensure_database  # bench/front_page.py, same folder

    ensure_database(DB_URL)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- the files ---------------------------------------------------------------------------------


def make_tree(n_units: int, rng: random.Random) -> list[dict[str, str]]:
    """8 service areas; under them units; under units teams; under some teams sub-teams."""
    units = [
        {"id": f"SA{i}", "parent": "", "name_fi": f"Palvelualue {i}", "kind": "service_area"}
        for i in range(8)
    ]
    while len(units) < n_units:
        n = len(units)
        candidates = [u for u in units if u["kind"] != "team" or rng.random() < 0.1]
        parent = rng.choice(candidates)
        kind = "unit" if parent["kind"] == "service_area" else "team"
        units.append(
            {"id": f"U{n}", "parent": parent["id"], "name_fi": f"Yksikkö {n}", "kind": kind}
        )
    return units


def make_people(
    n_people: int, units: list[dict[str, str]], rng: random.Random, tag: str
) -> list[dict]:
    return [
        {
            "id": f"E{i:05d}",
            "first_name": f"Etunimi{i}",
            "last_name": f"Sukunimi{i}",
            "email": f"e{i:05d}.{tag}@hr.example.test",
            "unit": rng.choice(units)["id"],
            "title_fi": rng.choice(["Lähihoitaja", "Sairaanhoitaja", "Sosiaalityöntekijä"]),
            "manager": "true" if i % 25 == 0 else "false",
        }
        for i in range(n_people)
    ]


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def day_of_changes(
    units: list[dict], people: list[dict], rng: random.Random, tag: str
) -> tuple[list[dict], list[dict]]:
    units = [dict(u) for u in units]
    people = [dict(p) for p in people]
    ids = {u["id"] for u in units}
    children: dict[str, list[str]] = {}
    for u in units:
        children.setdefault(u["parent"], []).append(u["id"])

    def subtree(uid: str) -> set[str]:
        out, stack = set(), [uid]
        while stack:
            node = stack.pop()
            out.add(node)
            stack.extend(children.get(node, []))
        return out

    movable = [u for u in units if u["kind"] != "service_area"]
    for u in rng.sample(movable, 20):
        below = subtree(u["id"])
        targets = [t for t in units if t["id"] not in below and t["kind"] != "team"]
        u["parent"] = rng.choice(targets)["id"]
        children = {}
        for x in units:
            children.setdefault(x["parent"], []).append(x["id"])
    for u in rng.sample(units, 10):
        u["name_fi"] += " (uusi nimi)"
    n = len(people)
    unit_ids = sorted(ids)
    for p in rng.sample(people, n * 4 // 100):
        p["unit"] = rng.choice(unit_ids)
    for p in rng.sample(people, n * 2 // 100):
        p["title_fi"] = "Palveluesihenkilö"
    leavers = set(rng.sample(range(n), n * 2 // 100))
    people = [p for i, p in enumerate(people) if i not in leavers]
    for i in range(n // 100):
        people.append(
            {
                "id": f"N{i:05d}",
                "first_name": f"Uusi{i}",
                "last_name": "Työntekijä",
                "email": f"n{i:05d}.{tag}@hr.example.test",
                "unit": rng.choice(unit_ids),
                "title_fi": "Lähihoitaja",
                "manager": "false",
            }
        )
    return units, people


# --- measuring ---------------------------------------------------------------------------------


def check(condition: bool, what: Any) -> None:
    if not condition:
        raise RuntimeError(f"unexpected result: {what}")


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def one_run(n_units: int, n_people: int, seed: int, repeat: int) -> dict[str, Any]:
    from kuulu.organisation.models import County
    from kuulu.organisation.sync.apply import apply_sync, preview_sync
    from kuulu.organisation.sync.sources import document_from_paths

    rng = random.Random(seed)
    units = make_tree(n_units, rng)
    tag = str(time.time_ns())
    people = make_people(n_people, units, rng, tag)
    county = County.objects.create(slug=f"bench-hr-{tag}", name_fi="Bench")
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        write_csv(tmpdir / "units.csv", units)
        write_csv(tmpdir / "people.csv", people)
        paths = [tmpdir / "units.csv", tmpdir / "people.csv"]

        def dry_run() -> Any:
            return preview_sync(county=county, document=document_from_paths(paths))

        def apply() -> Any:
            return apply_sync(county=county, document=document_from_paths(paths))

        out["parse_ms"], document = timed(lambda: document_from_paths(paths))
        check(not document.problems, document.problems[:3])
        out["first_dry_run_ms"], plan = timed(dry_run)
        out["first_counts"] = plan.counts
        out["first_apply_ms"], result = timed(apply)
        check(result.applied, result.plan.problems[:3])
        again_dry, again_apply = [], []
        for _ in range(repeat):
            ms, plan = timed(dry_run)
            check(plan.is_empty, plan.counts)
            again_dry.append(ms)
            ms, result = timed(apply)
            check(result.applied, result.plan.problems[:3])
            check(result.plan.is_empty, result.plan.counts)
            again_apply.append(ms)
        out["same_file_dry_run_ms"] = statistics.median(again_dry)
        out["same_file_apply_ms"] = statistics.median(again_apply)

        units2, people2 = day_of_changes(units, people, rng, tag)
        write_csv(tmpdir / "units.csv", units2)
        write_csv(tmpdir / "people.csv", people2)
        out["changes_dry_run_ms"], plan = timed(dry_run)
        check(plan.ok, plan.problems[:3])
        out["changes_counts"] = plan.counts
        out["changes_apply_ms"], result = timed(apply)
        check(result.applied, result.plan.problems[:3])
    return out


def baselines(n_people: int) -> dict[str, float]:
    from django.db import connection, transaction

    from kuulu.accounts.models import User
    from kuulu.organisation.models import County, Person, Unit

    samples = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            samples.append((time.perf_counter() - started) * 1000)
    select1 = statistics.median(samples)
    stamp = time.time_ns()
    county = County.objects.create(slug=f"bench-base-{stamp}", name_fi="Base")
    unit = Unit.objects.create(county=county, name_fi="Base", code="base", path="")

    def bulk() -> None:
        with transaction.atomic():
            users = []
            for i in range(n_people):
                user = User(email=f"b{stamp}-{i}@base.example.test")
                user.set_unusable_password()
                users.append(user)
            User.objects.bulk_create(users, batch_size=500)
            Person.objects.bulk_create(
                [
                    Person(
                        county=county,
                        kind="staff",
                        first_name="B",
                        last_name=str(i),
                        email=u.email,
                        unit=unit,
                        user=u,
                    )
                    for i, u in enumerate(users)
                ],
                batch_size=500,
            )

    bulk_ms, _ = timed(bulk)
    return {"select1_ms": round(select1, 3), "bulk_create_people_ms": round(bulk_ms, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    load_start = os.getloadavg()
    log(f"load average at start: {load_start}")
    prepare_database()
    base = baselines(args.people)
    log(f"baselines: {base}")
    runs = []
    for i in range(args.runs):
        result = one_run(args.units, args.people, args.seed + i, repeat=3)
        log(json.dumps({k: v for k, v in result.items() if not k.endswith("counts")}))
        runs.append(result)
    keys = [k for k in runs[0] if k.endswith("_ms")]
    medians = {k: round(statistics.median(r[k] for r in runs), 1) for k in keys}
    load_end = os.getloadavg()
    log(f"load average at end: {load_end}")
    summary = {
        **medians,
        "first_apply_vs_bulk_create": round(
            medians["first_apply_ms"] / base["bulk_create_people_ms"], 2
        ),
        **base,
        "units": args.units,
        "people": args.people,
        "runs": args.runs,
        "first_counts": runs[0]["first_counts"],
        "changes_counts": runs[0]["changes_counts"],
        "load": [load_start, load_end],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
