"""gunicorn's configuration: `gunicorn kuulu.wsgi -c python:kuulu.core.gunicorn_conf`.

Every value can be overridden on the command line or by the environment variable named beside it
(docs/DEPLOY.md lists them). `make run` and bench/scale_out.py use this file too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kuulu.core.accesslog import AccessLogger

# Sync workers: one request at a time each, the safe choice with SQLite and for CPU-bound pages.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The application is imported once in the master and the workers are forked from it: faster
# start, less memory (shared pages). Nothing connects to the database or Redis at import.
preload_app = True
# A worker is replaced after this many requests (with jitter, so that not all at once): a slow
# leak in a library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Addresses of the reverse proxy whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access log: one JSON object a line, without the client's address or the query string (no
# personal data), tokens in paths masked (kuulu/core/accesslog.py); request time in microseconds.
logger_class = AccessLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_us": %(D)s, "pid": "%(p)s"}'
)
errorlog = "-"
# gunicorn's control socket sits at one fixed path per user: two servers on one machine (the
# scale-out benchmark, a blue-green switch) would fight over it, and Kuulu does not use it.
control_socket_disable = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Prometheus counters of all workers are added up through files in one directory per server
# (kuulu/core/metrics.py). Set before any worker imports the application.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(
    prefix="kuulu-metrics-"
)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir


def on_starting(server):  # type: ignore[no-untyped-def]
    """A fresh start counts from zero: remove what a previous run of this server left."""
    path = Path(_metrics_dir)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
