"""Open311 intake throughput: form-encoded POST /open311/v2/requests.json on gunicorn and PostgreSQL.

Usage:  .venv/bin/python bench/feedback_ingest.py [--requests 3000] [--connections 32] [--workers 2] [--threads 8]

Uses the local PostgreSQL database `kuulu_bench` (created if missing, migrated, demo loaded),
makes sure the county has a feedback theme to post to, starts gunicorn (gthread), sends distinct
feedback texts from keep-alive connections as fast as the machine allows, stops the server, and
checks in the database that every acknowledged id exists. The per-address rate limit is lifted
(one client sends everything). Triage runs later in the task worker, which is not started here,
so the figure is the intake itself: validation, duplicate check, the row, its history entry, the
audit event and the queued triage task, all committed before the response.
The last line is one JSON object: per_second, errors, accepted, seconds, missing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from front_page import ROOT, ensure_database, free_port, prepare, server_env

PY = sys.executable
MARK = "bench-ingest"

SETUP = """
from kuulu.feedback.models import Theme
from kuulu.organisation.models import County
county = County.objects.order_by("id").first()
theme, _ = Theme.objects.get_or_create(county=county, code="waiting", defaults={"name_fi": "Jonotus", "name": "Jonotus"})
print(theme.code)
"""

COUNT = """
import json, sys
from kuulu.feedback.models import Feedback
ids = json.load(open({path!r}))
found = Feedback.objects.filter(reference__in=ids).count()
print(found, Feedback.objects.filter(source_client="", text__startswith="{mark}").count())
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


async def _client(port: int, bodies: asyncio.Queue[bytes], results: list[tuple[int, str]]) -> None:
    writer = None
    try:
        while True:
            try:
                body = bodies.get_nowait()
            except asyncio.QueueEmpty:
                return
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                results.append((0, ""))
                writer.close()
                writer = None
                continue
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            payload = await reader.readexactly(length)
            reference = ""
            if status == 201:
                reference = json.loads(payload)[0]["service_request_id"]
            results.append((status, reference))
            if b"connection: close" in head.lower():
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


async def run(port: int, total: int, connections: int, code: str) -> list[tuple[int, str]]:
    bodies: asyncio.Queue[bytes] = asyncio.Queue()
    for n in range(total):
        bodies.put_nowait(
            urlencode(
                {
                    "service_code": code,
                    "description": f"{MARK} {n}: Odotin päivystyksessä pitkään, kiitos silti.",
                    "attribute[kind]": "dissatisfaction",
                    "attribute[score]": str(n % 11),
                }
            ).encode()
        )
    results: list[tuple[int, str]] = []
    await asyncio.gather(*(_client(port, bodies, results) for _ in range(connections)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()

    ensure_database()
    if not args.skip_prepare:
        prepare()
    code = shell(SETUP)
    port = free_port()
    env = server_env()
    env["PUBLIC_FORM_LIMIT"] = "100000000/h"  # one client sends everything in this benchmark
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
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        # Warm up every worker (imports, connections) before timing.
        asyncio.run(run(port, args.workers * 8, args.workers * 2, code))
        started = time.perf_counter()
        results = asyncio.run(run(port, args.requests, args.connections, code))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    accepted = [ref for status, ref in results if status == 201]
    errors = sum(1 for status, _ in results if status != 201)
    ids_path = ROOT / "var" / "bench_ingest_ids.json"
    ids_path.write_text(json.dumps(accepted))
    found = int(shell(COUNT.format(path=str(ids_path), mark=MARK)).split()[0])
    ids_path.unlink()
    per_second = len(accepted) / seconds if seconds else 0.0
    print(
        f"{len(accepted)} accepted of {args.requests} in {seconds:.2f} s: {per_second:.0f}/s, "
        f"{errors} errors, {len(accepted) - found} acknowledged but missing"
    )
    print(
        json.dumps(
            {
                "per_second": round(per_second, 1),
                "errors": errors,
                "accepted": len(accepted),
                "missing": len(accepted) - found,
                "seconds": round(seconds, 2),
                "requests": args.requests,
                "connections": args.connections,
                "workers": args.workers,
                "threads": args.threads,
            }
        )
    )


if __name__ == "__main__":
    main()
