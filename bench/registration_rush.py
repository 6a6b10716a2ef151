"""1,000 concurrent public registrations for one session with 100 places, against a baseline.

Usage:  .venv/bin/python bench/registration_rush.py [--registrations 1000] [--places 100] [--concurrency 100]

Uses the local PostgreSQL database `kuulu_bench` (BENCH_DATABASE_URL; created if missing), creates a
public event with one session, starts gunicorn with 4 workers (gthread), sends the registrations
through the public API as fast as the machine allows, and counts the outcome in the database.

Baseline, on the same server in the same run: the same number of trivial authenticated POSTs with
the same client and concurrency (an organiser's API token; POST /api/v1/events/<id>/sessions,
which checks the token and inserts one row). It runs once before and once after the rush, and
`baseline_per_second` is the mean of the two, so that machine noise hits both alike. Before
both, 200 requests of each kind warm the server up (the registrations go to another session).
The last line is one JSON object: attending, waitlisted, errors, seconds, per_second,
baseline_per_second, ratio (per_second / baseline_per_second).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from front_page import ROOT, ensure_database, free_port, prepare, server_env

PY = sys.executable

SETUP = """
from datetime import timedelta
from django.utils import timezone
from kuulu.events.models import Event, Session
from kuulu.accounts.models import User
from kuulu.integrations.services import create_token
from kuulu.organisation.models import County
county = County.objects.order_by("id").first()
event = Event.objects.create(county=county, title_fi="Ruuhkatesti", status="published", for_public=True)
start = timezone.now() + timedelta(days=30)
session = Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=2), capacity={places})
organiser = User.objects.filter(is_active=True).order_by("id").first()
event.organisers.add(organiser)
baseline = Event.objects.create(county=county, title_fi="Vertailu", status="draft")
baseline.organisers.add(organiser)
warm = Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=2), capacity=10)
print(session.pk, baseline.pk, create_token(user=organiser, name="bench").raw, warm.pk)
"""

COUNT = """
from kuulu.events.models import Registration, Session
session = Session.objects.get(pk={session})
rows = Registration.objects.filter(session=session)
print(rows.filter(status="attending").count(), rows.filter(status="waitlisted").count(), rows.count(), session.attending_count)
"""


def shell(code: str) -> str:
    env = server_env()
    completed = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip().splitlines()[-1]


async def post(port: int, path: str, body: bytes, token: str = "") -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    try:
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{auth}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1])
    finally:
        writer.close()


async def rush(port: int, session: int, registrations: int, concurrency: int) -> list[int]:
    gate = asyncio.Semaphore(concurrency)
    path = f"/api/v1/events/sessions/{session}/registrations"

    async def one(n: int) -> int:
        body = json.dumps({"name": f"Osallistuja {n}", "email": f"rush{n}@example.test"}).encode()
        async with gate:
            try:
                return await post(port, path, body)
            except OSError:
                return 0

    return await asyncio.gather(*(one(n) for n in range(registrations)))


async def baseline(port: int, event: int, token: str, requests: int, concurrency: int) -> list[int]:
    """The trivial authenticated POST: an organiser adds a session to a draft event."""
    gate = asyncio.Semaphore(concurrency)
    path = f"/api/v1/events/{event}/sessions"
    start = "2030-01-01T10:00:00+02:00"
    body = json.dumps(
        {"starts_at": start, "ends_at": "2030-01-01T12:00:00+02:00", "capacity": 10}
    ).encode()

    async def one() -> int:
        async with gate:
            try:
                return await post(port, path, body, token)
            except OSError:
                return 0

    return await asyncio.gather(*(one() for _ in range(requests)))


def timed(coroutine) -> tuple[list[int], float]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    statuses = asyncio.run(coroutine)
    return statuses, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    ensure_database()
    prepare()
    session_id, event_id, token, warm_id = shell(SETUP.format(places=args.places)).split()
    session = int(session_id)
    port = free_port()
    env = server_env()
    env["PUBLIC_FORM_LIMIT"] = "1000000/h"  # one client sends everything in this benchmark
    gunicorn = str(Path(PY).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "kuulu.wsgi",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        import socket

        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        n, c = args.registrations, args.concurrency
        # Warm-up, not counted: every gunicorn thread loads the URLconf and opens its database
        # connection on its first requests.
        timed(baseline(port, int(event_id), token, 200, c))
        timed(rush(port, int(warm_id), 200, c))
        before, before_s = timed(baseline(port, int(event_id), token, n, c))
        statuses, seconds = timed(rush(port, session, n, c))
        after, after_s = timed(baseline(port, int(event_id), token, n, c))
    finally:
        server.terminate()
        server.wait(timeout=30)
    attending, waitlisted, total, counter = (
        int(x) for x in shell(COUNT.format(session=session)).split()
    )
    errors = sum(1 for s in statuses if s != 201)
    baseline_errors = sum(1 for s in before + after if s != 201)
    per_second = args.registrations / seconds
    baseline_per_second = (args.registrations / before_s + args.registrations / after_s) / 2
    load = os.getloadavg()
    print(
        f"registrations {args.registrations}, places {args.places}: attending {attending}, waitlisted {waitlisted}, "
        f"rows {total}, counter {counter}, non-201 responses {errors}, {seconds:.2f} s, "
        f"{per_second:.0f}/s; baseline {baseline_per_second:.0f}/s "
        f"(before {args.registrations / before_s:.0f}/s, after {args.registrations / after_s:.0f}/s, "
        f"non-201 {baseline_errors}); load {load[0]:.2f}"
    )
    print(
        json.dumps(
            {
                "attending": attending,
                "waitlisted": waitlisted,
                "errors": errors,
                "seconds": round(seconds, 2),
                "per_second": round(per_second, 1),
                "baseline_per_second": round(baseline_per_second, 1),
                "ratio": round(per_second / baseline_per_second, 2),
                "baseline_errors": baseline_errors,
                "load_1min": round(load[0], 2),
                "rows": total,
                "counter": counter,
                "registrations": args.registrations,
                "places": args.places,
                "workers": args.workers,
                "concurrency": args.concurrency,
            }
        )
    )


if __name__ == "__main__":
    main()
