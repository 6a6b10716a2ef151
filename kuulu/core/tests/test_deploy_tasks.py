"""Task workers on PostgreSQL: how django_tasks_db's `db_worker` claims tasks (docs/DEPLOY.md,
"Task workers").

- Two workers draining one queue at once never run a task twice: a worker takes the oldest ready
  task with SELECT ... FOR UPDATE SKIP LOCKED, marks it running with its id and commits, then runs it.
- A task left "running" by a worker that was killed is not run again by another worker: never
  twice, but not finished either (docs/DEPLOY.md says how to find and handle such tasks).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult, TaskResultStatus

ROOT = Path(__file__).resolve().parents[3]
TASK_PATH = f"{__name__}.note_run"


@task()
def note_run(n: int) -> int:
    """A task whose result shows which call it was."""
    return n


def enqueue(n: int, **fields) -> DBTaskResult:  # type: ignore[no-untyped-def]
    return DBTaskResult.objects.create(
        task_path=TASK_PATH,
        args_kwargs={"args": [n], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        **fields,
    )


def worker(worker_id: str) -> subprocess.Popen:
    """`manage.py db_worker --batch`: runs the ready tasks, then exits."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            "--worker-id",
            worker_id,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.postgres
def test_two_workers_draining_one_queue_run_each_task_once(postgres):
    tasks = [enqueue(n) for n in range(60)]
    first, second = worker("worker-a"), worker("worker-b")
    outputs = [first.communicate(timeout=300)[0], second.communicate(timeout=300)[0]]
    assert first.returncode == 0, outputs[0][-3000:]
    assert second.returncode == 0, outputs[1][-3000:]

    results = {r.pk: r for r in DBTaskResult.objects.filter(pk__in=[t.pk for t in tasks])}
    assert {r.status for r in results.values()} == {TaskResultStatus.SUCCESSFUL}
    for original in tasks:
        done = results[original.pk]
        assert len(done.worker_ids) == 1  # claimed once, by one worker
        assert done.worker_ids[0] in {"worker-a", "worker-b"}
        assert done.return_value == original.args_kwargs["args"][0]


@pytest.mark.postgres
def test_a_task_left_running_by_a_killed_worker_is_not_run_again(postgres):
    orphan = enqueue(1, status=TaskResultStatus.RUNNING, worker_ids=["killed-worker"])
    waiting = enqueue(2)

    survivor = worker("survivor")
    output = survivor.communicate(timeout=300)[0]
    assert survivor.returncode == 0, output[-3000:]

    orphan.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == TaskResultStatus.SUCCESSFUL
    assert waiting.worker_ids == ["survivor"]
    # Never run twice: the killed worker's task is left as it was, for an operator to decide.
    assert orphan.status == TaskResultStatus.RUNNING
    assert orphan.worker_ids == ["killed-worker"]
    assert orphan.return_value is None
