"""Survey results computed block by block, so that new responses cost a block, not the survey.

Responses are split by id into blocks of `Blocks.size` ids (a power-of-two multiple of
`FINE`, the smallest with at most `MAX_BLOCKS` blocks that hold responses). Every aggregate
query of the results (tallies, distinct bases, months, respondents, instrument sums) also
groups by block, and each block's rows are cached under a fingerprint of that block's
submitted responses: their count, the sum of their ids and the latest submission time.
Submitted responses are never edited, so the fingerprint changes exactly when a response of
the block is submitted or removed.

A view after new submissions recomputes only the blocks whose fingerprint changed, in one query
restricted to their id ranges (usually the last block: ids grow); the other blocks' rows come
from the cache. Response sets of blocks are disjoint, so counts add up across blocks and the
rows of all blocks are simply concatenated for the caller to sum.

The fingerprints come from one index-only query on `response_results_idx`
(survey, status, id) INCLUDE (submitted_at).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Max, Q, Sum

from kuulu.surveys.models import Response

FINE = 1024  # ids per fine block; blocks are FINE * 2**k ids
MAX_BLOCKS = 64
CACHE_SECONDS = 7 * 24 * 3600  # blocks are checked by fingerprint, so they may live long
WORK_MEM = "64MB"  # for the aggregate queries of results only (SET LOCAL)

Range = tuple[int, int]  # [low, high) of response ids
FineStamp = tuple[int, int, int, str]  # fine block, count, sum of ids, latest submission


@contextmanager
def roomy_sorts() -> Iterator[None]:
    """On PostgreSQL, a transaction for the aggregate queries of the results: they may sort
    and hash in memory (`work_mem`) instead of spilling to disk, and joins are hash joins
    (`enable_nestloop` off: row estimates for a range of ids joined to a background answer are
    often a hundred times too low, and a nested loop over a block's answers then costs
    seconds). Sorts stay allowed: the free-text samples need their top-N sort (without it the
    planner walks the whole answer table backwards). Elsewhere nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'; SET LOCAL enable_nestloop = off")
        yield


def block_of(field: str, size: int) -> ExpressionWrapper:
    """The block number of a response id (integer division in SQL)."""
    return ExpressionWrapper(F(field) / size, output_field=BigIntegerField())


def fine_stamps(survey_ids: Sequence[int]) -> dict[int, list[FineStamp]]:
    """Per survey, per fine block of its submitted responses: count, sum of ids, latest
    submission. One query."""
    rows = (
        Response.objects.filter(survey_id__in=survey_ids, status=Response.Status.SUBMITTED)
        .order_by()
        .annotate(fb=block_of("id", FINE))
        .values_list("survey_id", "fb")
        .annotate(n=Count("*"), total=Sum("id"), last=Max("submitted_at"))
    )
    out: dict[int, list[FineStamp]] = defaultdict(list)
    for survey_id, fb, n, total, last in rows:
        out[survey_id].append((int(fb), int(n), int(total), last.isoformat() if last else ""))
    return dict(out)


@dataclass(frozen=True)
class Blocks:
    """The blocks of a set of surveys' submitted responses and their fingerprints."""

    size: int
    stamps: tuple[tuple[int, str], ...]  # (block number, fingerprint), by block
    use_cache: bool = True

    @property
    def fingerprint(self) -> str:
        text = f"{self.size}|" + "|".join(f"{b}:{s}" for b, s in self.stamps)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @classmethod
    def build(cls, fine: Iterable[FineStamp], *, use_cache: bool = True) -> Blocks:
        """Coarsens fine blocks (of one or several surveys) to at most MAX_BLOCKS non-empty
        blocks."""
        fine = list(fine)
        if not fine:
            return cls(FINE, (), use_cache)
        occupied = {f[0] for f in fine}
        factor = 1
        # Only blocks holding responses count: ids of a survey have gaps where other surveys
        # were answered, and an empty stretch must not make the survey's blocks coarse.
        while len({fb // factor for fb in occupied}) > MAX_BLOCKS:
            factor *= 2
        merged: dict[int, list[Any]] = {}
        for fb, n, total, last in fine:
            entry = merged.setdefault(fb // factor, [0, 0, ""])
            entry[0] += n
            entry[1] += total
            entry[2] = max(entry[2], last)
        stamps = tuple((b, f"{n}.{t}.{last}") for b, (n, t, last) in sorted(merged.items()))
        return cls(FINE * factor, stamps, use_cache)


def blocks_for(survey_ids: Sequence[int], *, use_cache: bool = True) -> Blocks:
    fine = fine_stamps(survey_ids)
    return Blocks.build(
        (stamp for sid in survey_ids for stamp in fine.get(sid, [])), use_cache=use_cache
    )


def range_filter(field: str, ranges: Sequence[Range] | None) -> Q:
    """Rows whose `field` (a response id) falls in one of the ranges; everything for None."""
    if ranges is None:
        return Q()
    q = Q()
    for low, high in ranges:
        q |= Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return q


def _ranges(blocks: Sequence[int], size: int) -> list[Range]:
    out: list[list[int]] = []
    for b in sorted(blocks):
        if out and out[-1][1] == b * size:
            out[-1][1] = (b + 1) * size
        else:
            out.append([b * size, (b + 1) * size])
    return [(low, high) for low, high in out]


def blockwise(
    blocks: Blocks,
    tag: str,
    compute: Callable[[Sequence[Range] | None], Iterable[Sequence[Any]]],
) -> list[tuple[Any, ...]]:
    """The rows of every block for one aggregate query (`tag` names the query and its inputs).

    `compute(ranges)` runs the query for the response-id ranges given (None: all), grouped by
    block first: every row starts with its block number, which is dropped from the result.
    Blocks found in the cache are not computed again; the others are computed by one query per
    contiguous range of them."""
    if not blocks.stamps:
        return []
    digest = hashlib.sha256(tag.encode()).hexdigest()[:24]
    # One cache entry per query holds every block's rows with its fingerprint (a few hundred
    # entries per survey would crowd out a bounded cache such as LocMemCache).
    key = f"survey-blocks:{digest}:{blocks.size}"
    stored: dict[int, tuple[str, list[tuple[Any, ...]]]] = (
        (cache.get(key) or {}) if blocks.use_cache else {}
    )
    current = dict(blocks.stamps)
    stale = [b for b, stamp in blocks.stamps if b not in stored or stored[b][0] != stamp]
    if stale:
        fresh: dict[int, list[tuple[Any, ...]]] = {b: [] for b in stale}
        # One query per contiguous id range (an OR of ranges would not be an index condition),
        # or one for everything when no block is cached.
        batches = (
            [None] if len(stale) == len(current) else [[r] for r in _ranges(stale, blocks.size)]
        )
        for ranges in batches:
            for row in compute(ranges):
                block = int(row[0])
                if block in fresh:
                    fresh[block].append(tuple(row[1:]))
        stored = {b: stored[b] for b in current if b in stored and b not in fresh}
        stored.update({b: (current[b], rows) for b, rows in fresh.items()})
        if blocks.use_cache:
            cache.set(key, stored, CACHE_SECONDS)
    out: list[tuple[Any, ...]] = []
    for b, _stamp in blocks.stamps:
        out.extend(stored[b][1])
    return out
