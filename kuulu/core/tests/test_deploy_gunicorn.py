"""`make run` serves through gunicorn with several workers, and /metrics adds up every worker."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_make_run_starts_gunicorn_workers_and_the_task_worker():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "WEB_WORKERS=4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "gunicorn kuulu.wsgi --config python:kuulu.core.gunicorn_conf" in dry
    assert "--bind 127.0.0.1:8123 --workers 4" in dry
    assert "manage.py runserver" not in dry
    assert "manage.py collectstatic" in dry  # WhiteNoise serves the collected, hashed files
    assert re.search(r"manage.py (db_)?worker", dry)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_gunicorn_serves_and_metrics_add_up_all_workers(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "METRICS_ALLOWED_IPS": "127.0.0.1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "GUNICORN_ACCESS_LOG": "",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "kuulu.wsgi",
            "--config",
            "python:kuulu.core.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        booted = set()
        assert server.stderr is not None
        for line in server.stderr:  # blocks until gunicorn reports; the socket is bound by then
            found = re.search(r"Booting worker with pid: (\d+)", line)
            if found:
                booted.add(found.group(1))
            if len(booted) == 2:
                break
        assert len(booted) == 2
        for _ in range(12):
            assert get(port, "/healthz") == (200, '{"status": "ok"}')
        status, body = get(port, "/metrics")
        assert status == 200
        assert 'kuulu_http_requests_total{method="GET",status="2xx",view="healthz"} 12.0' in body
        assert "kuulu_database_up 1.0" in body
        # One counter file per worker process that answered: the page read them all.
        assert len(list((tmp_path / "metrics").glob("*.db"))) >= 1
    finally:
        server.terminate()
        server.wait(timeout=30)
