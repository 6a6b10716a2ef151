"""Work-ability view on PostgreSQL: 5 years of monthly figures for 1,000 units.

Usage:
    .venv/bin/python bench/work_ability.py               # build once, then measure
    .venv/bin/python bench/work_ability.py --runs 9 --rebuild

Builds (once, in a county of its own, `bench-workability`, in the database given by
BENCH_DATABASE_URL, default `h_workability_bench`) a unit tree of 1,000 units (a root, 9
service areas, 90 units, 900 teams) with 60 months of figures for every unit (60,000 rows,
inserted by `INSERT ... SELECT generate_series` with a seeded random(), then each row's stored
12-month window filled in by `services.store_windows` as an import does), and goals for the
root.

Then it measures, in this process, the server time of the unit page (a signed-in coordinator's
GET through the whole Django stack: access check, audit-log row, the subtree's monthly sums,
the stored 12-month windows summed, the children table, the pulse look-up, the chart and the
template), the median of --runs runs after a warm-up:

- `view_ms`: the root over all 60 months (every one of the 60,000 rows is in the sums);
- `area_ms`: a service area (111 units) over 24 months;
- `team_ms`: one team over 24 months.

`rows` is the number of monthly unit rows in the root view's months. The load average before
and after is recorded. The last line is one JSON object.
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
PG_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_workability_bench"
)
SLUG = "bench-workability"
EMAIL = "bench-wa-coordinator@example.test"
MONTHS = 60


def ensure_database(*, rebuild: bool = False) -> None:
    """The bench's own database; `rebuild` drops it first (no other data lives there)."""
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def configure(*, rebuild: bool = False) -> None:
    ensure_database(rebuild=rebuild)
    os.environ["DATABASE_URL"] = PG_URL
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("KUULU_REQUIRE_2FA", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.pop("DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kuulu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # Static URLs without the collected manifest (collectstatic is not what is measured).
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=storages).enable()


def _units(county, parent, kind: str, n: int, prefix: str) -> list:  # type: ignore[no-untyped-def]
    from kuulu.organisation.models import Unit

    made = Unit.objects.bulk_create(
        [
            Unit(
                county=county,
                parent=parent,
                kind=kind,
                code=f"{prefix}-{i}",
                name_fi=f"{prefix} {i}",
                name=f"{prefix} {i}",
                depth=(parent.depth + 1) if parent else 0,
            )
            for i in range(n)
        ]
    )
    for unit in made:
        unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    Unit.objects.bulk_update(made, ["path"])
    return made


def build() -> None:
    from django.db import connection, transaction

    from kuulu.organisation.models import County, Person
    from kuulu.organisation.tests.factories import make_user
    from kuulu.workability.models import UnitGoal

    if County.objects.filter(slug=SLUG).exists():
        return
    with transaction.atomic():
        county = County.objects.create(slug=SLUG, name_fi="Bench work ability")
        [root] = _units(county, None, "service_area", 1, "root")
        units = [root]
        for a, area in enumerate(_units(county, root, "service_area", 9, "area")):
            units.append(area)
            for u, unit in enumerate(_units(county, area, "unit", 10, f"unit-{a}")):
                units.append(unit)
                units += _units(county, unit, "team", 10, f"team-{a}-{u}")
        if len(units) != 1000:
            raise RuntimeError(f"built {len(units)} units, not 1,000")
        user = make_user(email=EMAIL)
        Person.objects.create(
            county=county,
            user=user,
            kind="staff",
            unit=root,
            first_name="Bench",
            last_name="Coordinator",
            is_coordinator=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.19)")
            cursor.execute(
                """
                INSERT INTO workability_monthlyfigures (
                    unit_id, month, headcount, person_years,
                    sickness_absence_days_per_person_year, short_absences, work_accidents,
                    early_support_discussions, disability_pension_decisions, leavers)
                SELECT u.id, (date '2021-01-01' + make_interval(months => m))::date,
                       h.hc, round((h.hc * 0.9)::numeric, 2),
                       round((5 + random() * 25)::numeric, 2),
                       floor(random() * 6)::int, floor(random() * 1.3)::int,
                       floor(random() * 3)::int, floor(random() * 1.05)::int,
                       floor(random() * 2)::int
                FROM organisation_unit u
                CROSS JOIN generate_series(0, %s - 1) AS m
                CROSS JOIN LATERAL (SELECT 3 + floor(random() * 40)::int AS hc) h
                WHERE u.county_id = %s
                """,
                [MONTHS, county.pk],
            )
        # The import stores each row's 12-month window; rows inserted in SQL get theirs here,
        # by the same code (services.store_windows).
        from kuulu.workability import services
        from kuulu.workability.models import MonthlyFigures

        changed = services.store_windows(unit_ids=[u.pk for u in units])
        MonthlyFigures.objects.bulk_update(changed, services.WINDOW_FIELDS, batch_size=2000)
        for year in range(2021, 2026):
            UnitGoal.objects.create(unit=root, figure="sickness_absence", year=year, value=15)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workability_monthlyfigures")
        cursor.execute("ANALYZE organisation_unit")


def measure(url: str, runs: int) -> list[float]:
    from django.test import Client

    from kuulu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    response = client.get(url)  # warm-up
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    configure(rebuild=args.rebuild)
    started = time.perf_counter()
    build()
    build_s = time.perf_counter() - started
    from kuulu.organisation.models import Unit
    from kuulu.workability.models import MonthlyFigures
    from kuulu.workability.selectors import trend_for

    county_units = Unit.objects.filter(county__slug=SLUG)
    root = county_units.get(depth=0)
    area = county_units.filter(depth=1).order_by("id").first()
    team = county_units.filter(depth=3).order_by("id").first()
    rows = trend_for(root, months=MONTHS).rows
    load_before = os.getloadavg()
    view = measure(f"/en/workspace/work-ability/units/{root.pk}/?months=60", args.runs)
    area_times = measure(f"/en/workspace/work-ability/units/{area.pk}/?months=24", args.runs)
    team_times = measure(f"/en/workspace/work-ability/units/{team.pk}/?months=24", args.runs)
    load_after = os.getloadavg()
    figures = {
        "units": county_units.count(),
        "stored_rows": MonthlyFigures.objects.filter(unit__county__slug=SLUG).count(),
        "rows": rows,
        "runs": args.runs,
        "view_ms": round(statistics.median(view), 1),
        "view_max_ms": round(max(view), 1),
        "area_ms": round(statistics.median(area_times), 1),
        "team_ms": round(statistics.median(team_times), 1),
        "build_s": round(build_s, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
