"""Health endpoints for load balancers and orchestrators (see docs/DEPLOY.md, "Health and metrics").

- `/healthz`, liveness: the process answers requests. Touches nothing else, so a database outage
  does not make every app server look dead and get restarted in a loop.
- `/readyz`, readiness: the database, the cache and the task queue answer. A load balancer sends
  traffic only to app servers that are ready.

Neither shows internals: only "ok" or "unavailable" per dependency; the reason goes to the log.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Readiness: database unavailable")
        return False
    return True


def check_cache() -> bool:
    """A write and a read of a short-lived key: Redis (or the local cache) answers."""
    key = f"kuulu:readyz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Readiness: cache unavailable")
        return False
    if not answered:
        logger.error("Readiness: cache did not return what was written")
    return answered


def uses_database_task_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def ready_task_count() -> int:
    """Tasks waiting for a worker (the queue depth). Raises when the queue cannot be read."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def check_task_queue() -> bool:
    """The database task queue's table can be read. Other backends (immediate, dummy) have no
    queue of their own to reach, so they count as ready."""
    if not uses_database_task_queue():
        return True
    try:
        ready_task_count()
    except Exception:
        logger.exception("Readiness: task queue unavailable")
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 as long as the process serves requests. No database, no cache."""
    return JsonResponse({"status": OK})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, the cache and the task queue answer, 503 otherwise."""
    database = check_database()
    checks = {
        "database": database,
        "cache": check_cache(),
        # The task queue lives in the database: unreachable when the database is.
        "tasks": database and check_task_queue(),
    }
    ready = all(checks.values())
    body = {"status": OK if ready else "error"}
    body.update({name: OK if passed else UNAVAILABLE for name, passed in checks.items()})
    return JsonResponse(body, status=200 if ready else 503)
