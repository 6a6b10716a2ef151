"""Front-page throughput against a trivial Django view, on gunicorn with several workers and PostgreSQL.

Usage:  .venv/bin/python bench/front_page.py [--workers 4] [--connections 16] [--seconds 8]

Creates (once) a database `kuulu_bench` on the local PostgreSQL, loads the demo county, starts
gunicorn, measures with a small keep-alive asyncio client, stops the server, and prints one JSON
object as its last line: front_page_rps, ceiling_rps, ratio, p95_ms (front page).
The ceiling is /robots.txt: a Django view that touches no database, through the same middleware.
Rounds alternate (front, ceiling, front, ceiling) so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench")


def ensure_database(db_url: str = DB_URL) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist (other benches too)."""
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


UNCACHED = False


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    if UNCACHED:
        env["FRONT_PAGE_CACHE_SECONDS"] = "0"
    env.update(
        DATABASE_URL=DB_URL,
        SECRET_KEY="bench-only-secret-key-not-for-production",  # noqa: S106 - local benchmark only
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="kuulu.settings",
        LOG_LEVEL="WARNING",
        # The benchmarks sign demo staff in with a password; two-factor sign-in is measured apart.
        KUULU_REQUIRE_2FA="0",
    )
    env.pop("DEBUG", None)
    return env


def prepare() -> None:
    env = server_env()
    for args in (
        ["migrate", "--no-input"],
        ["load_demo", "--quiet-logins"],
        ["collectstatic", "--no-input"],
    ):
        subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(PY).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "kuulu.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(),
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


async def _one_connection(
    port: int, path: str, stop_at: float, latencies: list[float], errors: list[int]
) -> None:
    """One client: requests back to back on a keep-alive connection, reconnecting whenever the
    server closes it (gunicorn's sync workers close after every response)."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
    writer = None
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
            if b"connection: close" in head.lower():
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


async def measure(
    port: int, path: str, seconds: float, connections: int
) -> tuple[float, list[float], list[int]]:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(_one_connection(port, path, stop_at, latencies, errors) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, errors


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] * 1000 if len(values) >= 20 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--uncached", action="store_true", help="render the front page on every request"
    )
    args = parser.parse_args()
    global UNCACHED
    UNCACHED = args.uncached

    ensure_database()
    prepare()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        asyncio.run(measure(port, "/fi/", 2, args.connections))  # warm up workers and caches
        asyncio.run(measure(port, "/robots.txt", 1, args.connections))
        front_rps, ceiling_rps, front_lat, ceiling_lat, errors = [], [], [], [], []
        for _ in range(2):
            rps, lat, err = asyncio.run(measure(port, "/fi/", args.seconds / 2, args.connections))
            front_rps.append(rps)
            front_lat += lat
            errors += err
            rps, lat, err = asyncio.run(
                measure(port, "/robots.txt", args.seconds / 2, args.connections)
            )
            ceiling_rps.append(rps)
            ceiling_lat += lat
            errors += err
    finally:
        server.terminate()
        server.wait(timeout=30)
    if errors:
        raise SystemExit(f"non-200 responses during the run: {sorted(set(errors))}")
    front, ceiling = statistics.mean(front_rps), statistics.mean(ceiling_rps)
    print(
        f"workers={args.workers} (gthread, 4 threads) connections={args.connections} seconds={args.seconds}"
    )
    print(f"requests measured: front {len(front_lat)}, ceiling {len(ceiling_lat)}")
    print(f"front page  /fi/        {front:8.1f} req/s  p95 {p95(front_lat):6.1f} ms")
    print(f"ceiling     /robots.txt {ceiling:8.1f} req/s  p95 {p95(ceiling_lat):6.1f} ms")
    print(
        json.dumps(
            {
                "front_page_rps": round(front, 1),
                "ceiling_rps": round(ceiling, 1),
                "ratio": round(front / ceiling, 3),
                "p95_ms": round(p95(front_lat), 1),
                "ceiling_p95_ms": round(p95(ceiling_lat), 1),
                "workers": args.workers,
                "connections": args.connections,
            }
        )
    )


if __name__ == "__main__":
    main()
