"""Finished tasks forget the addresses they were given.

Most tasks take only ids, but a few must carry an email address to the worker, because it is
stored nowhere else: a survey's resume link (the survey may be anonymous and promises not to
keep it), a voting code by email, a question supporter's confirmation, and the notice to an
account's old address. The database backend keeps every task's arguments in its result row, and
the retention job deletes finished rows only after 30 days. When one of these tasks finishes,
successfully or not, its row's arguments are emptied at once; the row stays for the worker's
bookkeeping (status, times, any traceback).
"""

from __future__ import annotations

from typing import Any

# Tasks whose arguments hold an email address (module path of the task function).
PERSONAL_ARGUMENTS = frozenset(
    {
        "kuulu.accounts.tasks.send_email_changed",
        "kuulu.budgeting.tasks.send_email_code",
        "kuulu.questions.tasks.send_support_confirmation",
        "kuulu.surveys.tasks.send_resume_link",
    }
)
EMPTY = {"args": [], "kwargs": {}}


def forget_personal_arguments(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """`task_finished` receiver: empty the stored arguments of a finished task that carried an
    address. Other backends (the immediate one of the tests) store nothing to empty."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if task_result.task.module_path not in PERSONAL_ARGUMENTS:
        return
    if not isinstance(task_backends[task_result.backend], DatabaseBackend):
        return

    DBTaskResult.objects.filter(pk=task_result.id).update(args_kwargs=EMPTY)
