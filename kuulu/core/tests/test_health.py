"""/healthz (liveness), /readyz (database, cache, task queue) and the Prometheus /metrics page."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult, TaskResultStatus

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def metric(body: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus text format, or None when it is absent."""
    for line in body.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(match.group(3))
    return None


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_stays_up_when_the_database_is_down():
    with mock.patch("kuulu.core.health.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 200


def test_readyz_ok_when_database_cache_and_queue_answer():
    with override_settings(TASKS=DB_TASKS):
        response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}


def test_readyz_503_when_the_database_is_down(caplog):
    with mock.patch("kuulu.core.health.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "cache": "ok",
        "tasks": "unavailable",
    }
    assert "down" not in response.content.decode()  # the reason goes to the log only
    assert "database unavailable" in caplog.text


def test_readyz_503_when_the_cache_is_down():
    with mock.patch("kuulu.core.health.cache.set", side_effect=ConnectionError("redis down")):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_readyz_503_when_the_task_queue_cannot_be_read():
    with (
        override_settings(TASKS=DB_TASKS),
        mock.patch(
            "kuulu.core.health.ready_task_count", side_effect=OperationalError("no such table")
        ),
    ):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["tasks"] == "unavailable"


def test_readyz_refuses_post():
    assert Client().post("/readyz").status_code == 405


# --- /metrics -----------------------------------------------------------------------------------


def test_metrics_refused_without_token_or_allowed_address():
    with override_settings(METRICS_TOKEN="", METRICS_ALLOWED_IPS=[]):
        response = Client().get("/metrics")
    assert response.status_code == 403
    assert b"kuulu_" not in response.content


@override_settings(METRICS_TOKEN="s3cret-token", METRICS_ALLOWED_IPS=[])
def test_metrics_with_the_right_token_only():
    assert Client().get("/metrics").status_code == 403
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong")
    assert wrong.status_code == 403
    right = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain; version=")


@override_settings(METRICS_TOKEN="", METRICS_ALLOWED_IPS=["10.1.0.0/16", "192.0.2.7"])
def test_metrics_by_allowed_address_or_network():
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.2.0.1").get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403


@override_settings(METRICS_TOKEN="", METRICS_ALLOWED_IPS=["10.0.0.0/8"], TRUSTED_PROXY_COUNT=1)
def test_metrics_behind_proxy_uses_the_address_the_proxy_saw():
    """Through the proxy REMOTE_ADDR is the proxy's: the client's own address decides."""
    outside = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert outside.get("/metrics").status_code == 403
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.0.0.5, 203.0.113.9")
    assert forged.get("/metrics").status_code == 403
    inside = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert inside.get("/metrics").status_code == 200


@override_settings(METRICS_TOKEN="t", TASKS=DB_TASKS)
def test_metrics_count_requests_by_view_and_show_queue_and_database():
    client = Client()
    before = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer t").content.decode()
    base = metric(before, "kuulu_http_requests_total", view="robots_txt", status="2xx") or 0.0
    for _ in range(3):
        assert client.get("/robots.txt").status_code == 200
    client.get("/fi/no-such-page/")
    for status in [TaskResultStatus.READY, TaskResultStatus.READY, TaskResultStatus.RUNNING]:
        DBTaskResult.objects.create(
            task_path="kuulu.core.tasks.nothing",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            status=status,
        )
    DBTaskResult.objects.create(
        task_path="kuulu.core.tasks.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        status=TaskResultStatus.SUCCESSFUL,
    )

    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t").content.decode()

    assert metric(body, "kuulu_http_requests_total", view="robots_txt", status="2xx") == base + 3
    assert metric(body, "kuulu_http_requests_total", view="unresolved", status="4xx") >= 1
    count = metric(body, "kuulu_http_request_duration_seconds_count", view="robots_txt")
    assert count == base + 3
    assert metric(body, "kuulu_task_queue_tasks", state="ready") == 2
    assert metric(body, "kuulu_task_queue_tasks", state="running") == 1
    assert metric(body, "kuulu_database_up") == 1
    assert metric(body, "kuulu_cache_up") == 1
    assert "no-such-page" not in body  # labels are view names, never paths


@override_settings(METRICS_TOKEN="t")
def test_metrics_report_the_database_down_instead_of_failing():
    with mock.patch("kuulu.core.health.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer t")
    assert response.status_code == 200
    body = response.content.decode()
    assert metric(body, "kuulu_database_up") == 0
    assert metric(body, "kuulu_task_queue_tasks", state="ready") is None


@override_settings(SECURE_SSL_REDIRECT=True, METRICS_TOKEN="t")
def test_health_and_metrics_answer_over_http_while_pages_redirect_to_https():
    """The balancer and Prometheus reach an app server directly over http."""
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer t").status_code == 200
    page = client.get("/fi/")
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


def redis_answers() -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "kuulu-test-readyz",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_readyz_with_the_shared_redis_cache():
    with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/15")):
        response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_readyz_503_when_redis_does_not_answer():
    # Port 9 (discard) has no Redis: the connection is refused at once.
    with override_settings(CACHES=redis_cache("redis://127.0.0.1:9/0")):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
