"""1,000 concurrent public registrations for one session with 100 places.

Usage:  .venv/bin/python bench/registration_rush.py [--registrations 1000] [--places 100] [--concurrency 100]

Uses the local PostgreSQL database `kuulu_bench` (created if missing), creates a public event with
one session, starts gunicorn with 4 workers (gthread), sends the registrations through the public
API as fast as the machine allows, stops the server, and counts the outcome in the database.
The last line is one JSON object: attending, waitlisted, errors, seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from kuulu.organisation.models import County
county = County.objects.order_by("id").first()
event = Event.objects.create(county=county, title_fi="Ruuhkatesti", status="published", for_public=True)
start = timezone.now() + timedelta(days=30)
session = Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=2), capacity={places})
print(session.pk)
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


async def post(port: int, path: str, body: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    ensure_database()
    prepare()
    session = int(shell(SETUP.format(places=args.places)))
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
        started = time.perf_counter()
        statuses = asyncio.run(rush(port, session, args.registrations, args.concurrency))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    attending, waitlisted, total, counter = (
        int(x) for x in shell(COUNT.format(session=session)).split()
    )
    errors = sum(1 for s in statuses if s != 201)
    print(
        f"registrations {args.registrations}, places {args.places}: attending {attending}, waitlisted {waitlisted}, "
        f"rows {total}, counter {counter}, non-201 responses {errors}, {seconds:.2f} s"
    )
    print(
        json.dumps(
            {
                "attending": attending,
                "waitlisted": waitlisted,
                "errors": errors,
                "seconds": round(seconds, 2),
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
