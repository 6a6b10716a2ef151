"""A task worker that stays lean: django_tasks_db's worker loop in a child process, replaced by a
fresh one after a number of tasks or when its resident memory passes a ceiling.

The child runs tasks exactly as `manage.py db_worker` does (a task is claimed in a transaction,
run, and marked done before the next one is claimed). Whether to stop is decided only after a
task has finished and its result is stored, so a task is never interrupted by recycling; the
child then leaves the loop with RECYCLE as its exit status and the supervisor starts a fresh
child, which claims the next task. No task is lost or run twice, and the memory a heavy task
left behind (libraries it imported, data it loaded, a fragmented heap) goes with the old process.

Memory. Above the soft ceiling the child stops as soon as no task is waiting, so a burst of
heavy tasks (e.g. triage of 60 new feedback items, each needing the Finnish dictionary) runs in
one warm process and the worker is lean again when the burst is over; above the hard ceiling it
stops after the current task even if more are waiting.

Children are forked from the supervisor, which has Django and the URLconf loaded but no
database connection, so a fresh child is ready at once and shares those pages with it.

Signals: the supervisor forwards SIGINT/SIGTERM once to the child, which finishes the task it is
running and exits (a second signal stops it at once, as with db_worker). The child has its own
process group, so a terminal's Ctrl-C reaches it once, through the supervisor; on Linux it is
also told to stop if the supervisor dies."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("kuulu.worker")

# The child's exit status when it stops to be replaced (EX_TEMPFAIL).
RECYCLE = 75


def resident_mb() -> float:
    """This process's resident memory (RSS) in MB: current on Linux, the peak elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def release_memory() -> None:
    """Collect garbage and give freed heap back to the system where the C library can (glibc)."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class RecyclingWorker(Worker):
    """django_tasks_db's worker that also stops, between tasks, above a memory ceiling (see the
    module). Its own `max_tasks` stops it after that many tasks."""

    def __init__(
        self,
        *,
        max_memory_mb: float | None,
        hard_memory_mb: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.max_memory_mb = max_memory_mb
        self.hard_memory_mb = hard_memory_mb
        self.recycle = False

    def tasks_waiting(self) -> bool:
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks.exists()

    def run_task(self, db_task_result: Any) -> None:
        super().run_task(db_task_result)
        # The task has finished and its result is stored: only now may the process stop.
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            self.recycle = True
        rss = resident_mb()
        logger.debug(
            "Task %s done by worker %s (pid %d): %.1f MB resident",
            db_task_result.task_path,
            self.worker_id,
            os.getpid(),
            rss,
        )
        if not self.max_memory_mb or rss <= self.max_memory_mb:
            return
        hard = self.hard_memory_mb is not None and rss > self.hard_memory_mb
        if not hard and self.tasks_waiting():
            return  # a burst is on: stay warm until it is over (or the hard ceiling)
        release_memory()  # perhaps that is enough; a full collection costs, so only here
        rss = resident_mb()
        limit = self.hard_memory_mb if hard else self.max_memory_mb
        if rss > limit:
            logger.info(
                "Worker %s holds %.0f MB after %d tasks (ceiling %.0f MB): recycling.",
                self.worker_id,
                rss,
                self._run_tasks,
                limit,
            )
            self.recycle = True
            self.running = False


def run_child(worker: RecyclingWorker) -> int:
    """Run the loop until it stops; RECYCLE when it stopped to be replaced."""
    worker.configure_signals()
    worker.run()
    return RECYCLE if worker.recycle else 0


def _detach() -> None:
    """In a new child: its own process group, and (Linux) a SIGTERM when the supervisor dies."""
    os.setsid()
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6").prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _fork(make_worker: Callable[[int], RecyclingWorker], generation: int) -> int:
    from django.db import connections

    connections.close_all()  # never share a database connection with a child
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:  # pragma: no cover - runs in the forked child (the tests run real children)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        _detach()
        code = run_child(make_worker(generation))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    return 0  # unreachable


def supervise(
    make_worker: Callable[[int], RecyclingWorker],
    *,
    crash_pause: Callable[[int], None] = lambda crashes: time.sleep(min(2**crashes, 30)),
) -> int:
    """Fork a child running `make_worker(generation)` and fork a new one whenever a child exits
    with RECYCLE. Returns when a child ends otherwise: 0 when a batch is done or after a signal.
    A child that crashes is replaced after a pause that grows with repeated crashes."""
    child = 0
    stopping = False

    def forward(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        if child:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    generation = 0
    crashes = 0
    try:
        while not stopping:
            generation += 1
            child = _fork(make_worker, generation)
            if stopping:  # a signal came while forking
                os.kill(child, signal.SIGTERM)
            _, status = os.waitpid(child, 0)
            code = os.waitstatus_to_exitcode(status)
            finished, child = child, 0
            if code == RECYCLE:
                crashes = 0
                logger.info("Task worker process %d recycled; starting a fresh one.", finished)
                continue
            if code == 0 or stopping:
                return code
            crashes += 1
            logger.error("Task worker process %d ended with status %d; restarting.", finished, code)
            crash_pause(crashes)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
