"""Feedback dashboard over 1,000,000 feedback rows on PostgreSQL: server time of the page.

Usage:  .venv/bin/python bench/feedback_dashboard.py [--rows 1000000] [--repeat 7]

Uses the local PostgreSQL database `kuulu_bench` (created if missing, migrated, demo loaded),
tops the feedback table up to `--rows` rows with one INSERT ... SELECT over generate_series
(spread over the last 24 months, the county's units and themes, every type, channel and status,
40 % with a score, answered ones with answer times; only items of the last 40 days are still
open, about 3.6 %), runs VACUUM ANALYZE, rebuilds the county's whole dashboard roll-up (timed,
as the nightly job does) and one day of it (as the task after a change does), and checks the
roll-up's totals against the feedback rows. Then it renders the dashboard through the Django
test client in one process, `--repeat` times after one warm-up: as the coordinator (whole
county, default period: 12 months) and as a manager (one unit's subtree) with the cache cleared
before every timed request (cold: the figures are computed each time), and as the coordinator
from the cache (warm). The figure is the median server time (request in, response out, no
network). The last line is one JSON object: dashboard_ms (coordinator, cold), manager_ms (cold),
cached_ms, rows, rollup_build_s, and every timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from front_page import DB_URL, ROOT, ensure_database, prepare, server_env

PY = sys.executable

FILL = """
WITH units AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM organisation_unit
    WHERE county_id = %(county)s AND kind = 'unit'
), themes AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM feedback_theme WHERE county_id = %(county)s
), rows AS (
    SELECT n,
           now() - (random() * interval '730 days') AS received,
           random() AS r1, random() AS r2, random() AS r3
    FROM generate_series(1, %(missing)s) AS n
)
INSERT INTO feedback_feedback (
    created_at, updated_at, reference, kind, channel, text, language, score, wants_reply,
    contact_name, contact_email, contact_phone, location_text, secrecy, status, source_client,
    due_on, received_at, answered_at, closed_at, suggested_kind, triage_confirmed,
    triage_unsure, triage_model_version, fingerprint, county_id, unit_id, theme_id
)
SELECT received, received, 'BENCH-' || %(offset)s + n,
       (ARRAY['praise', 'idea', 'question', 'dissatisfaction'])[1 + floor(r1 * 4)::int],
       (ARRAY['web', 'web', 'web', 'unit_link', 'phone', 'paper', 'open311'])[1 + floor(r2 * 7)::int],
       'Benchmark feedback', (ARRAY['fi', 'fi', 'fi', 'sv', 'en'])[1 + floor(r3 * 5)::int],
       CASE WHEN r3 < 0.4 THEN floor(r1 * 11)::int END,
       false, '', '', '', '', 'contains_secret_details',
       CASE WHEN received > now() - interval '20 days' AND r2 < 0.5 THEN 'received'
            WHEN received > now() - interval '40 days' AND r2 < 0.6 THEN 'in_progress'
            WHEN r1 < 0.5 THEN 'answered' ELSE 'closed' END,
       '', (received + interval '14 days')::date, received,
       CASE WHEN received > now() - interval '40 days' AND r2 < 0.6 THEN NULL
            ELSE received + (r3 * interval '30 days') END,
       NULL, '', false, false, '', '', %(county)s,
       units.ids[1 + floor(r2 * array_length(units.ids, 1))::int],
       CASE WHEN r1 < 0.9 THEN themes.ids[1 + floor(r3 * array_length(themes.ids, 1))::int] END
FROM rows, units, themes
"""

SETUP = """
from kuulu.organisation.models import County
print(County.objects.get(slug={slug!r}).pk)
"""

ROLLUP = """
import json, time
from kuulu.feedback.rollup import rebuild_rollup
started = time.perf_counter()
written = rebuild_rollup({county}, None)
seconds = time.perf_counter() - started
day = time.perf_counter()
from django.utils import timezone
rebuild_rollup({county}, {{timezone.localdate()}})
print(json.dumps({{"seconds": seconds, "day_rows": written,
                  "one_day_seconds": time.perf_counter() - day}}))
"""

MEASURE = """
import json, time
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.test import Client
from django.utils import timezone
from kuulu.feedback.dashboards import DashboardFilters, default_period, feedback_dashboard
from kuulu.feedback.models import Feedback, FeedbackStat
from kuulu.organisation.models import Person
settings.ALLOWED_HOSTS = ["*"]
settings.FEEDBACK_DASHBOARD_CACHE_SECONDS = 300
people = Person.objects.filter(county_id={county}, user__isnull=False).select_related("user")
coordinator = people.filter(is_coordinator=True).first()
manager = people.filter(is_manager=True, unit__isnull=False).first()
def timings(person, repeat, cold):
    cache.clear()
    client = Client()
    client.force_login(person.user)
    client.get("/fi/feedback/dashboard/")
    result = []
    for _ in range(repeat):
        if cold:
            cache.clear()  # the figures are computed in every timed request
        started = time.perf_counter()
        response = client.get("/fi/feedback/dashboard/")
        result.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return result
# The roll-up's figures against the feedback rows for the default period (not timed).
start, end = default_period()
data = feedback_dashboard({county}, scope_path=None, filters=DashboardFilters(start=start, end=end))
raw = (
    Feedback.objects.filter(
        county_id={county},
        received_at__date__gte=start,
        received_at__date__lte=end,
    )
    .annotate(answered_day=TruncDate("answered_at"))
    .aggregate(
        total=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        on_time=Count("id", filter=Q(answered_at__isnull=False, answered_day__lte=F("due_on"))),
        promoters=Count("id", filter=Q(score__gte=9)),
    )
)
check = {{
    "raw": raw,
    "rollup": {{
        "total": data.total.value,
        "answered": data.response.answered.value,
        "on_time": data.response.on_time.value,
        "promoters": data.score.promoters,
    }},
}}
assert check["raw"] == check["rollup"], check
print(json.dumps({{
    "coordinator": timings(coordinator, {repeat}, True),
    "manager": timings(manager, {repeat}, True) if manager else [],
    "coordinator_cached": timings(coordinator, {repeat}, False),
    "check": check,
    "rollup_rows": FeedbackStat.objects.filter(county_id={county}).count(),
    "open_rows": Feedback.objects.filter(
        county_id={county}, status__in=["received", "in_progress"]
    ).count(),
}}))
"""


def shell(code: str) -> str:
    completed = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip().splitlines()[-1]


def fill(rows: int, county: int) -> int:
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM feedback_feedback WHERE county_id = %s", (county,)
        ).fetchone()
        missing = rows - count
        if missing > 0:
            (offset,) = conn.execute(
                "SELECT count(*) FROM feedback_feedback WHERE reference LIKE 'BENCH-%%'"
            ).fetchone()
            conn.execute(FILL, {"county": county, "missing": missing, "offset": offset})
            conn.execute("VACUUM ANALYZE feedback_feedback")
        (count,) = conn.execute(
            "SELECT count(*) FROM feedback_feedback WHERE county_id = %s", (county,)
        ).fetchone()
    return count


def vacuum(table: str) -> None:
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--county", default="kainuu", help="slug of the (demo) county to fill")
    args = parser.parse_args()

    ensure_database()
    if not args.skip_prepare:
        prepare()
    county = int(shell(SETUP.format(slug=args.county)))
    rows = fill(args.rows, county)
    rollup = json.loads(shell(ROLLUP.format(county=county)))
    vacuum("feedback_feedbackstat")
    measured = json.loads(shell(MEASURE.format(repeat=args.repeat, county=county)))
    import statistics

    coordinator = statistics.median(measured["coordinator"])
    manager = statistics.median(measured["manager"]) if measured["manager"] else None
    cached = statistics.median(measured["coordinator_cached"])
    print(
        f"{rows} feedback rows ({measured['open_rows']} open), roll-up "
        f"{measured['rollup_rows']} rows built in {rollup['seconds']:.1f} s "
        f"(one day: {rollup['one_day_seconds'] * 1000:.0f} ms); coordinator dashboard median "
        f"{coordinator:.0f} ms cold, {cached:.0f} ms from the cache; manager "
        f"{manager if manager is None else round(manager)} ms cold"
    )
    print(
        json.dumps(
            {
                "dashboard_ms": round(coordinator, 1),
                "manager_ms": None if manager is None else round(manager, 1),
                "cached_ms": round(cached, 1),
                "rows": rows,
                "rollup_build_s": round(rollup["seconds"], 2),
                "rollup_day_ms": round(rollup["one_day_seconds"] * 1000, 1),
                "rollup_rows": measured["rollup_rows"],
                "open_rows": measured["open_rows"],
                "coordinator_runs_ms": [round(t, 1) for t in measured["coordinator"]],
                "manager_runs_ms": [round(t, 1) for t in measured["manager"]],
                "cached_runs_ms": [round(t, 1) for t in measured["coordinator_cached"]],
            }
        )
    )


if __name__ == "__main__":
    main()
