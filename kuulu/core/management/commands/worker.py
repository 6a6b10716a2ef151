"""The background task worker, recycled to stay lean (see kuulu.core.worker).

    .venv/bin/python manage.py worker [--max-tasks 200] [--max-memory-mb 200]
                                      [--hard-memory-mb 400] [db_worker's options]

Takes db_worker's options (queues, interval, --batch, backend, worker id) and three limits: a
fresh worker process replaces the one running tasks after --max-tasks tasks, after a task that
leaves it above --max-memory-mb once no task is waiting, or after a task that leaves it above
--hard-memory-mb (defaults from WORKER_MAX_TASKS, WORKER_MAX_MEMORY_MB, WORKER_HARD_MEMORY_MB;
0 turns a limit off). `manage.py db_worker` still works as before, without recycling.
"""

from __future__ import annotations

import logging
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from kuulu.core.worker import RecyclingWorker, supervise

DEFAULT_MAX_TASKS = int(os.environ.get("WORKER_MAX_TASKS", "200"))
DEFAULT_MAX_MEMORY_MB = float(os.environ.get("WORKER_MAX_MEMORY_MB", "200"))
DEFAULT_HARD_MEMORY_MB = float(os.environ.get("WORKER_HARD_MEMORY_MB", "400"))


class Command(DbWorkerCommand):
    help = (
        "Run the database task worker in a child process and replace it with a fresh one after "
        "a number of tasks or above a memory ceiling, without losing or repeating a task."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(max_tasks=DEFAULT_MAX_TASKS or None, reload=False)
        parser.add_argument(
            "--max-memory-mb",
            type=float,
            default=DEFAULT_MAX_MEMORY_MB,
            help="Replace the worker process when, after a task, it holds more resident memory "
            "than this and no task is waiting (MB; 0: no ceiling; default: %(default)s).",
        )
        parser.add_argument(
            "--hard-memory-mb",
            type=float,
            default=DEFAULT_HARD_MEMORY_MB,
            help="Replace it after the current task above this even if tasks are waiting "
            "(MB; 0: only the ceiling above; default: %(default)s).",
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        ours = logging.getLogger("kuulu.worker")
        ours.setLevel(logging.getLogger("django_tasks_db").level)
        if not ours.handlers:
            ours.addHandler(logging.StreamHandler(self.stdout))
        ours.propagate = False

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        import kuulu.urls  # noqa: F401 - loaded once here, shared by every child (emails reverse URLs)

        def make_worker(generation: int) -> RecyclingWorker:
            return RecyclingWorker(
                queue_names=options["queue_name"].split(","),
                interval=options["interval"],
                batch=options["batch"],
                backend_name=options["backend_name"],
                startup_delay=False,
                max_tasks=options["max_tasks"],
                worker_id=f"{options['worker_id'][:56]}-{generation}",
                excluded_queue_names=[q for q in options["exclude_queues"].split(",") if q],
                max_memory_mb=options["max_memory_mb"] or None,
                hard_memory_mb=options["hard_memory_mb"] or None,
            )

        sys.exit(supervise(make_worker))
