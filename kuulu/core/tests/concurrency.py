"""Helpers for the PostgreSQL concurrency tests of every app."""

import threading

from django.db import close_old_connections, connection


def race(*functions):
    """Run the functions at the same moment in separate threads (separate connections)."""
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def run(index, fn):
        try:
            barrier.wait()
            outcomes[index] = ("ok", fn())
        except Exception as exc:
            outcomes[index] = ("error", exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A safety net against a hang, not a measure of speed: a busy machine may take long,
        # e.g. when the first feedback of a run trains the shipped triage model in its thread.
        thread.join(timeout=600)
    unfinished = [i for i, thread in enumerate(threads) if thread.is_alive()]
    assert not unfinished, f"threads {unfinished} did not finish within 600 s (a deadlock?)"
    return outcomes
