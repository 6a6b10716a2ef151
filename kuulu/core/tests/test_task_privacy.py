"""Finished tasks that carried an email address forget it (`kuulu/core/task_privacy.py`)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from kuulu.core.task_privacy import PERSONAL_ARGUMENTS
from kuulu.core.tests.test_deploy_tasks import TASK_PATH, worker


def stored(task_path: str, *args, **kwargs) -> DBTaskResult:  # type: ignore[no-untyped-def]
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": kwargs},
        backend_name="default",
        queue_name="default",
    )


def test_the_tasks_listed_are_real_tasks_taking_an_address():
    import importlib
    import inspect

    for path in PERSONAL_ARGUMENTS:
        module, name = path.rsplit(".", 1)
        task = getattr(importlib.import_module(module), name)
        assert task.module_path == path
        assert {"email", "old_email"} & set(inspect.signature(task.func).parameters), path


@pytest.mark.postgres
def test_a_real_worker_empties_the_arguments_of_a_finished_task_that_carried_an_address(
    postgres, transactional_db
):
    # given a resume link queued for a response that is gone (the task finishes, sending
    # nothing), and a task without personal data
    personal = stored("kuulu.surveys.tasks.send_resume_link", 999999, "maija@example.fi", "fi")
    other = stored(TASK_PATH, 7)
    # when the task worker runs them
    run = worker("worker-privacy")
    output = run.communicate(timeout=300)[0]
    assert run.returncode == 0, output[-3000:]
    personal.refresh_from_db()
    other.refresh_from_db()
    # then the finished task that carried the address keeps none; the other keeps its arguments
    assert personal.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    assert personal.finished_at is not None
    assert personal.args_kwargs == {"args": [], "kwargs": {}}
    assert "maija@example.fi" not in output
    assert other.status == TaskResultStatus.SUCCESSFUL
    assert other.args_kwargs == {"args": [7], "kwargs": {}}
