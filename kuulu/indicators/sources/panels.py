"""Indicators from the panels app: how well a drawn panel matches the pool it was drawn from.

For each draw (DrawRecord) made in the period and each stratum of it: the share of each answer
among the selected members (`counts`) against its share among all volunteers in the draw's
inputs (the respondents from the invitation sample). Representativeness of the stratum is
100 - (1/2) * sum over answers of |selected % - pool %|; the figure is the mean over strata and
draws. Draws are few (one per panel), so their JSON is read and combined here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max

from kuulu.indicators.sources.common import amount, datetime_range_q, end_of, start_of
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("panels_panel", "panels_drawrecord")


def representativeness(inputs: list, counts: dict) -> float | None:
    """The mean over strata of 100 - half the L1 distance (in points) between the selected
    members' shares (`counts`: {stratum: {answer: n}}) and the pool's shares (`inputs`:
    [[volunteer id, {stratum: answer}]])."""
    scores = []
    for stratum, selected in counts.items():
        chosen = sum(selected.values())
        pool = Counter(
            str(features.get(stratum)) for _id, features in inputs if stratum in features
        )
        pooled = sum(pool.values())
        if not chosen or not pooled:
            continue
        answers = set(pool) | {str(a) for a in selected}
        distance = sum(
            abs(100 * selected.get(a, 0) / chosen - 100 * pool.get(a, 0) / pooled) for a in answers
        )
        scores.append(100 - distance / 2)
    return sum(scores) / len(scores) if scores else None


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.panels.models import DrawRecord

    draws = list(
        DrawRecord.objects.filter(
            datetime_range_q("drawn_at", periods), panel__county_id=county_id
        ).values_list("drawn_at", "inputs", "counts", "selected_ids")
    )
    out = []
    for p in periods:
        lo, hi = start_of(p.start), end_of(p.end)
        scores, persons = [], 0
        for drawn_at, inputs, counts, selected in draws:
            if lo <= drawn_at < hi:
                persons += len(selected or [])
                score = representativeness(inputs or [], counts or {})
                if score is not None:
                    scores.append(score)
        value = sum(scores) / len(scores) if scores else None
        out.append(
            amount("panel_representativeness", value, persons=persons)
            if scores
            else IndicatorValue("panel_representativeness", None)
        )
    return {"panel_representativeness": out}


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.panels.models import DrawRecord

    return tuple(
        DrawRecord.objects.filter(panel__county_id=county_id)
        .aggregate(n=Count("id"), last=Max("id"), at=Max("drawn_at"))
        .values()
    )
