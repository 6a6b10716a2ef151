"""Speed of experience-expert match suggestions: one request over 2,000 experts.

Usage:
    .venv/bin/python bench/expert_matching.py                      # SQLite (var/bench_experts.sqlite3)
    .venv/bin/python bench/expert_matching.py --database postgres  # PostgreSQL database kuulu_bench
    .venv/bin/python bench/expert_matching.py --experts 5000 --runs 30

Builds (once, in a county of its own, `bench-experts`) the given number of experts with 1-3 of
eight experience areas, 1-2 languages, 1-3 of eight municipalities, preferred types, some
unavailable, and about 1.5 past engagements each over the last two years, so that the rotation
query has rows to count. Then it times, per run, what the coordinator's request page does:
`selectors.suggestions_for` (the database read of every candidate, the rotation counts and the
pure ranking) and `selectors.explained_suggestions` (the same plus the ten shown profiles, their
offers and the explanations). It reports the median and the slowest run of each in milliseconds;
the last line is one JSON object. Target (issue 7): under 200 ms including the database read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench")
SLUG = "bench-experts"
MUNICIPALITIES = ["205", "290", "765", "777", "620", "697", "707", "105"]
AREAS = [f"bench-area-{n}" for n in range(8)]
TYPES = ["lecture", "development_group", "pair_work", "training"]


def configure(database: str) -> None:
    if database == "postgres":
        sys.path.insert(0, str(ROOT / "bench"))
        from front_page import ensure_database

        ensure_database()
        os.environ["DATABASE_URL"] = PG_URL
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_experts.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.pop("DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kuulu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(n_experts: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """The bench county with n experts (built once; rebuilt when the size differs)."""
    from django.db import transaction
    from django.utils import timezone

    from kuulu.experts.models import (
        Engagement,
        ExperienceArea,
        ExpertProfile,
        ExpertRequest,
        Offer,
    )
    from kuulu.organisation.models import County, Municipality, Person, Unit

    county, _ = County.objects.get_or_create(slug=SLUG, defaults={"name_fi": "Benchmark"})
    if ExpertProfile.objects.filter(county=county).count() == n_experts:
        return county
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        Engagement.objects.filter(profile__county=county).delete()
        Offer.objects.filter(request__county=county).delete()
        ExpertRequest.objects.filter(county=county).delete()
        ExpertProfile.objects.filter(county=county).delete()
        Person.objects.filter(county=county).delete()
        municipalities = [
            Municipality.objects.get_or_create(
                county=county, code=code, defaults={"name_fi": code}
            )[0]
            for code in MUNICIPALITIES
        ]
        areas = [
            ExperienceArea.objects.get_or_create(
                county=county, slug=slug, defaults={"name_fi": slug}
            )[0]
            for slug in AREAS
        ]
        unit = Unit.objects.filter(county=county).first()
        if unit is None:
            unit = Unit.objects.create(county=county, code="bench", name_fi="Bench", kind="unit")
            Unit.objects.filter(pk=unit.pk).update(path=f"{unit.pk}/")
        professional = Person.objects.create(
            county=county, kind="staff", unit=unit, first_name="P", last_name="Bench"
        )
        people = Person.objects.bulk_create(
            Person(
                county=county,
                kind="experience_expert",
                first_name=f"Expert{i}",
                last_name="Bench",
                email=f"bench-expert-{i}@example.test",
            )
            for i in range(n_experts)
        )
        profiles = ExpertProfile.objects.bulk_create(
            ExpertProfile(
                county=county,
                person=person,
                languages=rng.sample(["fi", "fi", "fi", "sv", "en", "se"], rng.randint(1, 2)),
                remote_ok=rng.random() < 0.5,
                preferred_types=rng.sample(TYPES, rng.randint(0, 3)),
                available=rng.random() < 0.9,
                unavailable_until=today + timedelta(days=rng.randint(1, 60))
                if rng.random() < 0.1
                else None,
                fee_basis="hourly",
                fee_amount=Decimal(30),
                agreement_signed_on=today - timedelta(days=400),
                consent_given_on=today - timedelta(days=400),
            )
            for person in people
        )
        area_links = ExpertProfile.areas.through
        area_links.objects.bulk_create(
            area_links(expertprofile_id=p.pk, experiencearea_id=a.pk)
            for p in profiles
            for a in rng.sample(areas, rng.randint(1, 3))
        )
        place_links = ExpertProfile.municipalities.through
        place_links.objects.bulk_create(
            place_links(expertprofile_id=p.pk, municipality_id=m.pk)
            for p in profiles
            for m in rng.sample(municipalities, rng.randint(1, 3))
        )
        past = []
        for _ in range(int(n_experts * 1.5)):
            day = today - timedelta(days=rng.randint(1, 730))
            past.append((rng.choice(profiles), day))
        requests = ExpertRequest.objects.bulk_create(
            ExpertRequest(
                county=county,
                requested_by=professional,
                unit=unit,
                need="bench",
                date_from=day,
                type="lecture",
                municipality=municipalities[0],
                duration_hours=Decimal(2),
                status="filled",
            )
            for _profile, day in past
        )
        offers = Offer.objects.bulk_create(
            Offer(request=r, profile=p, status="accepted")
            for r, (p, _day) in zip(requests, past, strict=True)
        )
        Engagement.objects.bulk_create(
            Engagement(
                request=r,
                offer=o,
                profile=p,
                date=day,
                type="lecture",
                status="done",
                hours=Decimal(2),
                fee_basis="hourly",
                fee_amount=Decimal(60),
            )
            for r, o, (p, day) in zip(requests, offers, past, strict=True)
        )
        request = ExpertRequest.objects.create(
            county=county,
            requested_by=professional,
            unit=unit,
            need="The request the benchmark matches",
            date_from=today + timedelta(days=14),
            type="development_group",
            municipality=municipalities[0],
            language="fi",
            duration_hours=Decimal(2),
        )
        request.areas.set(areas[:2])
    return county


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--experts", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    configure(args.database)
    from django.db import connection, reset_queries

    from kuulu.experts import selectors
    from kuulu.experts.models import ExpertRequest

    started = time.perf_counter()
    county = build(args.experts)
    built_s = time.perf_counter() - started
    expert_request = ExpertRequest.objects.get(county=county, status="open")

    def suggest() -> list:
        # A fresh request object each run, as the page has: its areas are read again too.
        return selectors.suggestions_for(ExpertRequest.objects.get(pk=expert_request.pk))

    def explained() -> list:
        return selectors.explained_suggestions(ExpertRequest.objects.get(pk=expert_request.pk))

    suggest()  # warm the connection and caches once
    suggest_ms = timed(suggest, args.runs)
    explained_ms = timed(explained, args.runs)
    candidates = len(selectors.candidates_for(county.pk, expert_request.date_from))
    reset_queries()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        explained()
    result = {
        "database": connection.vendor,
        "experts": args.experts,
        "candidates_read": candidates,
        "suggestions": len(suggest()),
        "suggest_median_ms": round(statistics.median(suggest_ms), 1),
        "suggest_max_ms": round(max(suggest_ms), 1),
        "page_selector_median_ms": round(statistics.median(explained_ms), 1),
        "page_selector_max_ms": round(max(explained_ms), 1),
        "queries": len(queries.captured_queries),
        "runs": args.runs,
        "build_s": round(built_s, 1),
        "target_ms": 200,
    }
    print(
        f"{args.experts} experts on {connection.vendor}: suggestions median "
        f"{result['suggest_median_ms']} ms (slowest {result['suggest_max_ms']} ms), "
        f"with the page's explanations {result['page_selector_median_ms']} ms "
        f"(slowest {result['page_selector_max_ms']} ms), {result['queries']} queries"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
