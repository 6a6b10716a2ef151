"""manage.py worker: recycling the worker process loses and repeats no task.

The PostgreSQL tests start the real command as a subprocess on the test database; each task
appends its number and its process id to a file, so the file shows which process ran what."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from kuulu.core import worker as lean

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def run_worker(*options: str) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "kuulu.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "1",
    }
    # A bounded wait for the subprocess, not a timing assertion.
    return subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--verbosity=2", *options],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def enqueue(path, count):
    from kuulu.core.tests.worker_tasks import record_run

    with override_settings(TASKS=DATABASE_BACKEND):
        return [record_run.enqueue(str(path), n).id for n in range(count)]


def runs(path):
    lines = [line.split() for line in path.read_text().splitlines()]
    return [int(number) for number, _ in lines], [int(pid) for _, pid in lines]


def results():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.values_list("status", "worker_ids"))


@pytest.mark.postgres
def test_recycling_after_n_tasks_runs_every_task_once(postgres, tmp_path):
    path = tmp_path / "runs.txt"
    enqueue(path, 7)
    completed = run_worker("--max-tasks=3", "--max-memory-mb=0")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    numbers, pids = runs(path)
    assert sorted(numbers) == list(range(7))  # none lost, none repeated
    # Three processes ran them, three tasks at most each: 3 + 3 + 1.
    assert sorted(Counter(pids).values()) == [1, 3, 3]
    assert [status for status, _ in results()] == ["SUCCESSFUL"] * 7
    assert len({tuple(ids) for _, ids in results()}) == 3
    assert completed.stdout.count("recycled; starting a fresh one") == 2


@pytest.mark.postgres
def test_above_the_hard_ceiling_every_task_gets_a_fresh_process(postgres, tmp_path):
    path = tmp_path / "runs.txt"
    enqueue(path, 4)
    completed = run_worker("--max-memory-mb=1", "--hard-memory-mb=1")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    numbers, pids = runs(path)
    assert sorted(numbers) == list(range(4))
    assert len(set(pids)) == 4
    assert [status for status, _ in results()] == ["SUCCESSFUL"] * 4


@pytest.mark.postgres
def test_above_the_soft_ceiling_the_process_finishes_the_queue_first(postgres, tmp_path):
    path = tmp_path / "runs.txt"
    enqueue(path, 4)
    completed = run_worker("--max-memory-mb=1", "--hard-memory-mb=0")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    numbers, pids = runs(path)
    assert sorted(numbers) == list(range(4))
    # One warm process ran the burst, then made way for a fresh one (which found nothing).
    assert len(set(pids)) == 1
    assert completed.stdout.count("recycled; starting a fresh one") == 1


# --- The decision after a task, without processes --------------------------------------------


class Done:
    task_path = "kuulu.example.tasks.example"


def make_worker(monkeypatch, *, rss, waiting, max_tasks=None, soft=200.0, hard=400.0):
    monkeypatch.setattr(lean.Worker, "run_task", lambda self, result: None)
    monkeypatch.setattr(lean, "resident_mb", lambda: rss)
    monkeypatch.setattr(lean, "release_memory", lambda: None)
    worker = lean.RecyclingWorker(
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test",
        excluded_queue_names=[],
        max_memory_mb=soft,
        hard_memory_mb=hard,
    )
    monkeypatch.setattr(worker, "tasks_waiting", lambda: waiting)
    return worker


@pytest.mark.parametrize(
    ("rss", "waiting", "recycle"),
    [
        (150, False, False),  # under the ceiling: go on
        (260, False, True),  # above it and nothing waiting: make way for a fresh process
        (260, True, False),  # above it but a burst is on: stay warm
        (450, True, True),  # above the hard ceiling: stop even in a burst
    ],
)
def test_the_memory_decision_comes_after_the_task(monkeypatch, rss, waiting, recycle):
    worker = make_worker(monkeypatch, rss=rss, waiting=waiting)
    worker.run_task(Done())
    assert worker.recycle is recycle
    assert worker.running is not recycle


def test_max_tasks_marks_the_process_for_recycling(monkeypatch):
    worker = make_worker(monkeypatch, rss=100, waiting=True, max_tasks=2)
    worker._run_tasks = 2  # django_tasks_db counts in its run_task, patched out here
    worker.run_task(Done())
    assert worker.recycle is True
