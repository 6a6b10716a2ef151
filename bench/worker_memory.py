"""Resident memory of the task worker after each kind of background task.

Usage:  .venv/bin/python bench/worker_memory.py [--rounds 3] [--max-memory-mb 200] [--max-tasks 200]

Uses the local PostgreSQL database `kuulu_bench` (BENCH_DATABASE_URL; created and loaded with the
demo county if missing). Every @task of the project is found by importing each `tasks` module
under kuulu/ and given arguments from the demo data (a task the bench has no arguments for is
listed under `not_exercised`).

1. In one process, as `manage.py db_worker` runs them: RSS after Django's start-up, then after
   each kind of task, with the heavy libraries each one loaded.
2. One at a time (as a county's background work comes in): `manage.py db_worker`, then
   `manage.py worker`, each running in the background while the bench queues one task of each
   kind, waits for it and, a second later, reads the RSS of the process that runs tasks.
3. A burst: `--rounds` rounds of every task queued at once and run with --batch, by db_worker
   and by worker (time, peak RSS sampled every 20 ms, every task run exactly once).
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from front_page import ROOT, ensure_database, prepare, server_env

PY = sys.executable
HEAVY = ("numpy", "scipy", "sklearn", "openpyxl", "fpdf", "PIL", "pandas", "fontTools", "joblib")

# Arguments for each task from the demo data (`g` gives the first id of a model, with filters).
ARGUMENTS = {
    "kuulu.feedback.triage.tasks.retrain_triage_model": lambda g: (),
    "kuulu.feedback.tasks.triage_feedback": lambda g: (g("feedback.Feedback"),),
    "kuulu.feedback.tasks.send_feedback_reply": lambda g: (
        g("feedback.FeedbackEvent", kind="reply"),
    ),
    "kuulu.feedback.tasks.rebuild_feedback_rollup": lambda g: (
        g("organisation.County"),
        _today(),
    ),
    "kuulu.channels.tasks.send_application_decision": lambda g: (g("channels.Application"),),
    "kuulu.events.tasks.send_registration_email": lambda g: (
        g("events.Registration"),
        "confirmed",
    ),
    "kuulu.experts.tasks.send_offer_email": lambda g: (g("experts.Offer"),),
    "kuulu.experts.tasks.send_engagement_email": lambda g: (g("experts.Engagement"),),
    "kuulu.surveys.tasks.send_survey_invitation": lambda g: (g("surveys.Invitation"),),
    "kuulu.surveys.tasks.send_resume_link": lambda g: (
        g("surveys.Response"),
        "bench@example.test",
        "fi",
    ),
    "kuulu.deliberation.tasks.recompute_conversation": lambda g: (g("deliberation.Conversation"),),
    "kuulu.outcomes.tasks.send_outcome_notifications": lambda g: (g("outcomes.Outcome"),),
    "kuulu.accounts.tasks.send_password_reset": lambda g: (g("accounts.User"),),
    "kuulu.accounts.tasks.send_invitation": lambda g: (g("accounts.User"),),
    "kuulu.accounts.tasks.send_second_factor_removed": lambda g: (g("accounts.User"), False),
    "kuulu.accounts.tasks.send_email_changed": lambda g: (
        g("accounts.User"),
        "old@example.test",
    ),
    "kuulu.organisation.sync.tasks.run_hr_sync_drop": lambda g: (),
    "kuulu.panels.tasks.compute_draw": lambda g: (g("panels.DrawJob", status="queued"),),
    "kuulu.assignments.tasks.send_assignment_emails": lambda g: (
        g("assignments.Assignment"),
        "reminder",
    ),
}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- Inside Django ----------------------------------------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulu.settings")
    import django

    django.setup()


def all_tasks() -> dict:
    """Every Task object in a `tasks` module under kuulu/, by its import path."""
    import importlib

    from django_tasks.base import Task

    found = {}
    for path in sorted((ROOT / "kuulu").rglob("tasks.py")):
        if "tests" in path.parts:
            continue
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for value in vars(module).values():
            if isinstance(value, Task) and value.module_path.startswith(module.__name__ + "."):
                found[value.module_path] = value
    return found


def _first(label: str, **filters) -> int | None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    return (
        apps.get_model(label)
        .objects.filter(**filters)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )


def arguments() -> tuple[dict, list[str]]:
    """The tasks the bench can run with arguments from the demo data, and those it cannot."""
    ready, missing = {}, []
    for path, task in all_tasks().items():
        build = ARGUMENTS.get(path)
        args = build(_first) if build else None
        if args is None or any(a is None for a in args):
            missing.append(path)
        else:
            ready[path] = (task, args)
    return ready, missing


def heavy_loaded() -> list[str]:
    return sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY})


def inside_probe() -> None:
    import gc

    _setup()
    start = rss_mb()
    at_start = heavy_loaded()
    import kuulu.urls  # noqa: F401 - emails reverse URLs: the worker loads the URLconf anyway

    ready, missing = arguments()
    after_setup = rss_mb()
    rows = []
    for path, (task, args) in ready.items():
        before = rss_mb()
        started = time.perf_counter()
        try:
            task.call(*args)
            outcome = "ok"
        except Exception as exc:
            outcome = f"error: {type(exc).__name__}: {exc}"[:200]
        gc.collect()
        rows.append(
            {
                "task": path,
                "before_mb": round(before, 1),
                "after_mb": round(rss_mb(), 1),
                "ms": round((time.perf_counter() - started) * 1000),
                "heavy_loaded": heavy_loaded(),
                "outcome": outcome,
            }
        )
    print(
        json.dumps(
            {
                "start_mb": round(start, 1),
                "heavy_at_start": at_start,
                "after_setup_mb": round(after_setup, 1),
                "tasks": rows,
                "not_exercised": missing,
            }
        )
    )


# --- Outside ----------------------------------------------------------------------------------


def inside(kind: str, *extra: str) -> str:
    completed = subprocess.run(
        [PY, __file__, "--inside", kind, *extra],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        sys.exit(completed.stderr[-3000:])
    return completed.stdout.strip().splitlines()[-1]


def descendants(pid: int) -> list[int]:
    """Child processes, recursively. /proc/<pid>/task/<pid>/children where the kernel has it (a
    walk of all of /proc every 20 ms would take a CPU from the worker being measured)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            children = [int(child) for child in listing.read().split()]
    except OSError:
        children = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                children.append(int(entry))
    return [grandchild for child in children for grandchild in [child, *descendants(child)]]


class Running:
    """A worker command running in the background, its output collected as it comes."""

    def __init__(self, command: list[str]) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=server_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.lines: list[str] = []
        self.samples: dict[int, list[float]] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.append(line.decode(errors="replace").rstrip())

    def runners(self) -> list[int]:
        """The processes that run tasks: the children of a supervisor, or the process itself."""
        children = descendants(self.proc.pid)
        return children or [self.proc.pid]

    def sample(self) -> float:
        """The largest RSS among the processes running tasks now (MB)."""
        largest = 0.0
        for pid in self.runners():
            with contextlib.suppress(OSError, ValueError):
                value = rss_mb(pid)
                if value:
                    self.samples.setdefault(pid, []).append(value)
                    largest = max(largest, value)
        return largest

    def wait(self) -> None:
        while self.proc.poll() is None:
            self.sample()
            time.sleep(0.02)
        self.reader.join()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=120)
        self.reader.join()

    def summary(self) -> dict:
        after_task = [
            float(m.group(1))
            for m in (re.search(r"\(pid \d+\): ([\d.]+) MB resident", line) for line in self.lines)
            if m
        ]
        runners = {pid: v for pid, v in self.samples.items() if pid != self.proc.pid}
        return {
            "exit": self.proc.returncode,
            "seconds": round(time.perf_counter() - self.started, 1),
            "processes": len(runners) or 1,
            "peak_mb": round(max((max(v) for v in self.samples.values()), default=0), 1),
            "max_after_task_mb": round(max(after_task), 1) if after_task else None,
            "recycles": sum("recycled; starting a fresh one" in line for line in self.lines),
        }


def wait_done(result_id: str) -> str:
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = DBTaskResult.objects.filter(id=result_id).values_list("status", flat=True).get()
        if status in ("SUCCESSFUL", "FAILED"):
            return status
        time.sleep(0.05)
    raise RuntimeError(f"task {result_id} did not finish")


def trickle(command: list[str], ready: dict) -> dict:
    """One task of each kind at a time, as a county's background work comes in; after each,
    once the worker is at rest again (recycled if it chose to), the RSS of its task process."""
    running = Running(command)
    at_rest = {}
    statuses = []
    try:
        for path, (task, args) in ready.items():
            result = task.enqueue(*args)
            statuses.append(wait_done(result.id))
            time.sleep(1.0)  # let a recycling worker make way for its fresh child
            at_rest[path] = round(running.sample(), 1)
    finally:
        running.stop()
    return {
        "at_rest_after_each_mb": at_rest,
        "max_at_rest_mb": max(at_rest.values()),
        "failed": statuses.count("FAILED"),
        **running.summary(),
    }


def burst(command: list[str], ready: dict, rounds: int) -> dict:
    """`rounds` rounds of every task queued at once, run to the end with --batch."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    for _ in range(rounds):
        for task, args in ready.values():
            task.enqueue(*args)
    running = Running(command)
    running.wait()
    by_status = dict(
        DBTaskResult.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "queued": sum(by_status.values()),
        "by_status": by_status,
        "ran_by": DBTaskResult.objects.values("worker_ids").distinct().count(),
        **running.summary(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-memory-mb", type=float, default=200)
    parser.add_argument("--hard-memory-mb", type=float, default=400)
    parser.add_argument("--max-tasks", type=int, default=200)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside == "probe":
        inside_probe()
        return

    ensure_database()
    if not args.skip_prepare:
        prepare()
    probe = json.loads(inside("probe"))
    for row in probe["tasks"]:
        print(
            f"{row['task']:55} {row['before_mb']:6.1f} -> {row['after_mb']:6.1f} MB "
            f"{row['ms']:6d} ms  {','.join(row['heavy_loaded']) or '-'}  {row['outcome'][:60]}"
        )
    os.environ.update(server_env())
    _setup()
    ready, _ = arguments()
    plain = [PY, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.1"]
    lean = [
        PY,
        "manage.py",
        "worker",
        "--verbosity=2",
        "--interval=0.1",
        f"--max-memory-mb={args.max_memory_mb}",
        f"--hard-memory-mb={args.hard_memory_mb}",
        f"--max-tasks={args.max_tasks}",
    ]
    results = {
        "db_worker_one_at_a_time": trickle(plain, ready),
        "worker_one_at_a_time": trickle(lean, ready),
        "db_worker_burst": burst([*plain, "--batch"], ready, args.rounds),
        "worker_burst": burst([*lean, "--batch"], ready, args.rounds),
    }
    for name, value in results.items():
        print(f"{name}: {value}")
    load = os.getloadavg()
    print(
        json.dumps(
            {
                "start_mb": probe["start_mb"],
                "after_setup_mb": probe["after_setup_mb"],
                "heavy_at_start": probe["heavy_at_start"],
                "after_each_task_mb": {r["task"]: r["after_mb"] for r in probe["tasks"]},
                "in_one_process_max_mb": max(r["after_mb"] for r in probe["tasks"]),
                "task_errors": [r["task"] for r in probe["tasks"] if r["outcome"] != "ok"],
                "not_exercised": probe["not_exercised"],
                **results,
                "max_memory_mb": args.max_memory_mb,
                "hard_memory_mb": args.hard_memory_mb,
                "max_tasks": args.max_tasks,
                "rounds": args.rounds,
                "load_1min": round(load[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
