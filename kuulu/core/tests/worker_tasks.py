"""A task for the worker tests: it appends its number and the process id to a file."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def record_run(path: str, number: int) -> int:
    with open(path, "a") as runs:
        runs.write(f"{number} {os.getpid()}\n")
    return number
