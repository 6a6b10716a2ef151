"""Prometheus metrics: request counts and latency by view, task queue depth, database and cache up.

Under gunicorn each worker is its own process: gunicorn's configuration (kuulu/core/gunicorn_conf.py)
sets PROMETHEUS_MULTIPROC_DIR before any worker starts, the counters then live in files there,
and /metrics adds up every worker's. Without it (runserver, tests) they live in this process.
The queue depth and the "up" gauges are read when /metrics is asked, not kept.

Labels are the view's name (a fixed, small set), never the path: no personal data, bounded series.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kuulu.core import health
from kuulu.core.audit import client_ip

# Counters live in their own registry (not the library's global one) so that nothing else
# registers into what /metrics shows; in multiprocess mode the values go to files anyway.
REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "kuulu_http_requests",
    "HTTP requests answered, by view, method and status class.",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "kuulu_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unresolved"  # redirects to a language prefix, 404s, answers from middleware


class MetricsMiddleware:
    """Times every request. Put it first in MIDDLEWARE so that the time includes the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(view, method).observe(elapsed)
        return response


class LiveCollector(Collector):
    """Gauges read at scrape time: whether the database and cache answer, the task queue."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        database = health.check_database()
        yield GaugeMetricFamily(
            "kuulu_database_up", "1 when the database answers.", value=int(database)
        )
        yield GaugeMetricFamily(
            "kuulu_cache_up", "1 when the cache answers.", value=int(health.check_cache())
        )
        if database and health.uses_database_task_queue():
            ready, running = task_queue_counts()
            queue = GaugeMetricFamily(
                "kuulu_task_queue_tasks", "Background tasks by state.", labels=["state"]
            )
            queue.add_metric(["ready"], ready)
            queue.add_metric(["running"], running)
            yield queue


def task_queue_counts() -> tuple[int, int]:
    """Tasks waiting for a worker, and tasks a worker has claimed and not finished."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count(), DBTaskResult.objects.running().count()


def render_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counters = CollectorRegistry()
        multiprocess.MultiProcessCollector(counters)
    else:
        counters = REGISTRY
    live = CollectorRegistry()
    live.register(LiveCollector())
    return generate_latest(counters) + generate_latest(live)


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    address = client_ip(request)
    if not address or not settings.METRICS_ALLOWED_IPS:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
