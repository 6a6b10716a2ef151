"""Methods bank on PostgreSQL: card search over 5,000 cards with filters, and the adoption view
over 100,000 logged uses.

Usage:
    .venv/bin/python bench/methods.py               # build once, then measure
    .venv/bin/python bench/methods.py --runs 9 --rebuild

Builds (once, in a county of its own, `bench-methods`, in the database given by
BENCH_METHODS_DATABASE_URL, default `h_methods_bench`) 5,000 published method cards with
seeded random perspectives, audiences, effort, cost and tool, 400 units under 20 service areas
(60 of them without any use), and 100,000 uses of methods by those units over three years
(`INSERT ... SELECT generate_series` with a seeded random(), so the build takes seconds).

Then it measures, in this process, the median of --runs runs after a warm-up of:

- `search_ms`: the public card list through the whole Django stack (GET /fi/methods/ with a
  free-text query and perspective, audience and effort filters; template included), the slowest
  of four filter combinations;
- `adoption_ms`: the coordinator's adoption view (GET /fi/methods/adoption/ over the three
  years: by unit, method and year, by method, and the units without any use), rendered.

It records the load average before and after. The last line is one JSON object.
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
    "BENCH_METHODS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_methods_bench"
)
ADMIN_URL = PG_URL.rsplit("/", 1)[0] + "/postgres"
SLUG = "bench-methods"
CARDS = 5_000
UNITS = 400
USES = 100_000


def configure() -> None:
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
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
    # Pages render with the hashed static names of production (ManifestStaticFilesStorage).
    call_command("collectstatic", verbosity=0, interactive=False)


def build(rebuild: bool) -> tuple[object, object]:
    from django.db import connection, transaction

    from kuulu.accounts.models import User
    from kuulu.methods.models import MethodCard
    from kuulu.organisation import services as org
    from kuulu.organisation.models import County, Person, Unit

    county = County.objects.filter(slug=SLUG).first()
    if county is not None and not rebuild and MethodCard.objects.filter(county=county).exists():
        return county, User.objects.get(email="bench-methods-coordinator@example.test")
    with transaction.atomic():
        if county is not None:
            from kuulu.methods.models import MethodUse

            MethodUse.objects.filter(county=county).delete()
            MethodCard.objects.filter(county=county).delete()
        else:
            county = County.objects.create(slug=SLUG, name_fi="Vertailualue (menetelmät)")
        if not Unit.objects.filter(county=county).exists():
            for a in range(20):
                area = org.create_unit(
                    county=county,
                    parent=None,
                    code=f"area-{a}",
                    name_fi=f"Palvelualue {a}",
                    kind=Unit.Kind.SERVICE_AREA,
                )
                for u in range(UNITS // 20):
                    org.create_unit(
                        county=county,
                        parent=area,
                        code=f"unit-{a}-{u}",
                        name_fi=f"Yksikkö {a}-{u}",
                        kind=Unit.Kind.UNIT,
                    )
        user = User.objects.filter(email="bench-methods-coordinator@example.test").first()
        if user is None:
            user = User.objects.create_user(
                email="bench-methods-coordinator@example.test", password=None
            )
            person = org.create_person(
                county=county,
                data={
                    "kind": Person.Kind.STAFF,
                    "first_name": "Bench",
                    "last_name": "Coordinator",
                    "email": user.email,
                    "unit": Unit.objects.filter(county=county).first(),
                    "is_coordinator": True,
                },
            )
            person.user = user
            person.save(update_fields=["user"])
        with connection.cursor() as cur:
            cur.execute("SELECT setseed(0.17)")
            cur.execute(
                """
                INSERT INTO methods_methodcard (
                  created_at, updated_at, county_id, uid, slug, status,
                  name, name_fi, name_sv, name_en, summary, summary_fi, summary_sv, summary_en,
                  when_to_use, when_not_to_use, steps, materials, accessibility, duration,
                  perspectives, audiences, effort, cost, tool, source_county, licence,
                  imported_hash)
                SELECT now(), now(), %(county)s, md5(i::text || 'card')::uuid, 'card-' || i,
                  'published',
                  'Menetelmä ' || i, 'Menetelmä ' || i, 'Metod ' || i, 'Method ' || i,
                  'Kuvaus ' || i || (ARRAY[' asukkaat', ' lapset', ' työpaja', ' raati'])[1 + i %% 4],
                  'Kuvaus ' || i || (ARRAY[' asukkaat', ' lapset', ' työpaja', ' raati'])[1 + i %% 4],
                  'Beskrivning ' || i, 'Description ' || i,
                  '', '', '', '', '', '',
                  ',' || (ARRAY['information','service','development','strategy'])[1 + floor(random() * 4)::int]
                      || ',' || (ARRAY['service','development','strategy'])[1 + floor(random() * 3)::int] || ',',
                  ',' || (ARRAY['residents','children','older','support','customers','staff','ngos'])[1 + floor(random() * 7)::int] || ',',
                  (ARRAY['light','medium','heavy'])[1 + floor(random() * 3)::int],
                  (ARRAY['none','low','medium','high'])[1 + floor(random() * 4)::int],
                  (ARRAY['','panels','deliberation','surveys','budgeting','feedback','dialogues','assessments'])[1 + floor(random() * 8)::int],
                  '', 'CC-BY-4.0', ''
                FROM generate_series(1, %(n)s) AS i
                """,
                {"county": county.pk, "n": CARDS},
            )
            cur.execute(
                """
                WITH units AS (
                  SELECT array_agg(id ORDER BY id) AS ids FROM organisation_unit
                  WHERE county_id = %(county)s AND kind = 'unit'
                ), cards AS (
                  SELECT array_agg(id ORDER BY id) AS ids FROM (
                    SELECT id FROM methods_methodcard WHERE county_id = %(county)s
                    ORDER BY id LIMIT 40) c
                )
                INSERT INTO methods_methoduse (
                  created_at, updated_at, county_id, unit_id, method_id, used_on, with_whom,
                  participants, result)
                SELECT now(), now(), %(county)s,
                  units.ids[1 + floor(random() * (array_length(units.ids, 1) - 60))::int],
                  cards.ids[1 + floor(random() * 40)::int],
                  current_date - floor(random() * 1090)::int, 'asukkaat',
                  1 + floor(random() * 40)::int, ''
                FROM generate_series(1, %(n)s), units, cards
                """,
                {"county": county.pk, "n": USES},
            )
            cur.execute("ANALYZE methods_methodcard; ANALYZE methods_methoduse")
    return county, user


def measure(client, url: str, params: dict, runs: int) -> float:  # type: ignore[no-untyped-def]
    client.get(url, params)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    configure()
    from datetime import date

    from django.test import Client

    load_before = os.getloadavg()
    county, user = build(args.rebuild)
    client = Client()
    client.force_login(user)
    searches = [
        {"perspective": "development", "audience": "children", "effort": "medium"},
        {"q": "työpaja", "perspective": "strategy"},
        {"q": "metod 12", "cost": "low", "tool": "panels"},
        {"page": "40"},
    ]
    search = {
        json.dumps(p): round(measure(client, "/fi/methods/", p, args.runs), 1) for p in searches
    }
    from django.utils import timezone

    today = timezone.localdate()
    adoption_ms = measure(
        client,
        "/fi/methods/adoption/",
        {"start": date(today.year - 3, 1, 1).isoformat(), "end": today.isoformat()},
        args.runs,
    )
    load_after = os.getloadavg()
    from kuulu.methods.models import MethodCard, MethodUse

    result = {
        "cards": MethodCard.objects.filter(county=county).count(),
        "uses": MethodUse.objects.filter(county=county).count(),
        "search_ms": max(search.values()),
        "search_each_ms": search,
        "adoption_ms": round(adoption_ms, 1),
        "runs": args.runs,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
