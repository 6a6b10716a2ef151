"""The indicators' change log of feedback (migration 0005, PostgreSQL only): pruning.

The log gains a row per statement that changes a column the indicators read, and the feedback
fingerprint is its (count, max id). Counting a log that only grows would slowly become the scan
it replaced, so the retention job removes rows older than a day. Removing rows changes the count,
so the next indicator read recomputes once; it can never make an old fingerprint come back,
because the max id only grows. The EXCLUSIVE lock (writers of feedback wait for the moment it
takes) keeps a change from being recorded between reading the cut-off and deleting.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction

KEEP = timedelta(days=1)


def prune_indicator_change_log(*, keep: timedelta = KEEP) -> int:
    """Delete change-log rows older than `keep` but never the newest row. Returns the count."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE feedback_indicator_change IN EXCLUSIVE MODE")
        cursor.execute(
            "DELETE FROM feedback_indicator_change WHERE changed_at < now() - %s "
            "AND id < (SELECT max(id) FROM feedback_indicator_change)",
            [keep],
        )
        return cursor.rowcount
