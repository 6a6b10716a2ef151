"""The change log that keys the indicators' cache on PostgreSQL (migration 0002).

A statement-level trigger on every table an indicator source reads (each source's `WATCHES`)
appends one row naming the table to `indicators_change` whenever a statement inserts, updates,
deletes or truncates rows there: also a bulk or conditional UPDATE that leaves `updated_at`
alone, and a change to a table no aggregate fingerprint looked at (a unit moved in the tree, an
instrument's scoring rule edited). A source's fingerprint is then, for each of its tables, the
(count, max id) of the table's rows in the log: one small query for every source of a request,
whatever the size of the data. On feedback items, the one large table, the trigger fires only on
an UPDATE of the columns the indicators read (migration 0003), so editing a case's text or its
handling notes does not make every county's feedback figures recompute.

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
KEEP = timedelta(days=1)
# Up to this many tables `read_log` reads by the index; more, the whole log in one pass.
_FEW_TABLES = 12
_MEMO_KEY = "\0change log"  # in the memo of `selectors._fingerprint`, beside the source names


def enabled() -> bool:
    return connection.vendor == "postgresql"


def read_log(tables: Iterable[str]) -> dict[str, tuple[int, int | None]]:
    """{table: (count, max id)} of `tables` in the log; (0, None) for a table with no row.

    A few tables are read through the index on (tbl, id); for many (a page of every indicator)
    one pass over the whole log is cheaper than matching each row against a long list
    (`bench/change_log.py`)."""
    wanted = sorted(set(tables))
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        if len(wanted) > _FEW_TABLES:
            cursor.execute(f"SELECT tbl, count(*), max(id) FROM {LOG_TABLE} GROUP BY tbl")  # noqa: S608
        else:
            cursor.execute(
                f"SELECT tbl, count(*), max(id) FROM {LOG_TABLE} "  # noqa: S608 - a constant
                "WHERE tbl = ANY(%s) GROUP BY tbl",
                [wanted],
            )
        found = {table: (count, last) for table, count, last in cursor.fetchall()}
    return {table: found.get(table, (0, None)) for table in wanted}


def prefetch(tables: Iterable[str], memo: dict[str, object]) -> None:
    """Read the log rows of `tables` into `memo` in one query, so that the `stamp` calls of a
    request that follow cost none (only the tables not read yet are read)."""
    log: dict[str, tuple[int, int | None]] = memo.setdefault(_MEMO_KEY, {})  # type: ignore[assignment]
    missing = set(tables) - log.keys()
    if missing:
        log.update(read_log(missing))


def stamp(tables: Iterable[str], memo: dict[str, object] | None = None) -> tuple:
    """What identifies the state of `tables`: their (count, max id) in the log, each table read
    once per `memo`."""
    if memo is None:
        memo = {}
    wanted = sorted(set(tables))
    prefetch(wanted, memo)
    log: dict[str, tuple[int, int | None]] = memo[_MEMO_KEY]  # type: ignore[assignment]
    return ("log", *((table, log[table]) for table in wanted))


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
