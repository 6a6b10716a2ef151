"""The change log that keys the indicators' cache on PostgreSQL (migration 0002).

A statement-level trigger on every table an indicator source reads (each source's `WATCHES`)
appends one row naming the table to `indicators_change` whenever a statement inserts, updates,
deletes or truncates rows there: also a bulk or conditional UPDATE that leaves `updated_at`
alone, and a change to a table no aggregate fingerprint looked at (a unit moved in the tree, an
instrument's scoring rule edited). A source's fingerprint is then, for each of its tables, the
(count, max id) of the table's rows in the log: one small query for every source of a request,
whatever the size of the data. Feedback items have a log of their own whose trigger fires only
on the columns the indicators read (feedback migration 0005, `OWN_LOGS`).

Why (count, max id) and not the max id alone: ids are handed out when a statement runs, not when
its transaction commits, so a change committed late can carry a lower id than one already seen;
it still raises the count. Pruning (the retention job, `prune`) lowers the count but never the
max id of a table, so an old fingerprint never comes back. Readers do not lock anything, and
writers only append, so the log adds no waiting between writers.

SQLite (the tests' default and the demo) has no log: each source's `fingerprint()` aggregates
over the columns it reads, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import connection, transaction

LOG_TABLE = "indicators_change"
# Tables whose changes another log records: {table: log}.
OWN_LOGS = {"feedback_feedback": "feedback_indicator_change"}
KEEP = timedelta(days=1)
_MEMO_KEY = "\0change log"  # in the memo of `selectors._fingerprint`, beside the source names


def enabled() -> bool:
    return connection.vendor == "postgresql"


def read_log() -> dict[str, tuple[int, int | None]]:
    """{table: (count, max id)} of every table with a row in the logs."""
    parts = [f"SELECT tbl, count(*), max(id) FROM {LOG_TABLE} GROUP BY tbl"]  # noqa: S608
    parts += [
        f"SELECT '{table}', count(*), max(id) FROM {log}"  # noqa: S608 - constants
        for table, log in OWN_LOGS.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {table: (count, last) for table, count, last in cursor.fetchall()}


def stamp(tables: Iterable[str], memo: dict[str, object] | None = None) -> tuple:
    """What identifies the state of `tables`: their (count, max id) in the log, read once per
    `memo`."""
    if memo is None:
        memo = {}
    if _MEMO_KEY not in memo:
        memo[_MEMO_KEY] = read_log()
    log: dict[str, tuple[int, int | None]] = memo[_MEMO_KEY]  # type: ignore[assignment]
    return ("log", *((table, log.get(table, (0, None))) for table in sorted(set(tables))))


def prune(*, keep: timedelta = KEEP) -> int:
    """Delete log rows older than `keep`, except each table's newest. Returns the count.

    Counting a log that only grows would slowly become the scan it replaced. The EXCLUSIVE lock
    (writers of the watched tables wait for the moment it takes) keeps a change from being
    recorded between choosing the rows and deleting them."""
    if not enabled():
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {LOG_TABLE} IN EXCLUSIVE MODE")
        cursor.execute(
            f"DELETE FROM {LOG_TABLE} WHERE changed_at < now() - %s "  # noqa: S608 - constant
            f"AND id NOT IN (SELECT max(id) FROM {LOG_TABLE} GROUP BY tbl)",
            [keep],
        )
        return cursor.rowcount
