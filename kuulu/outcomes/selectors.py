"""Reads of the outcomes app, including the functions other apps call (contracts.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateTimeField,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from kuulu.organisation.models import Unit
from kuulu.outcomes.inputs import FINGERPRINT_COLUMNS, adapters, period_bounds
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.models import OPEN_STATUSES, Outcome, OutcomeInput, Status


def _linked_ids(kind: str) -> QuerySet:
    return (
        OutcomeInput.objects.filter(kind=kind)
        .annotate(n=Cast("object_id", BigIntegerField()))
        .values("n")
    )


Span = tuple[date, date]


def _batches(periods: Sequence[Span]) -> list[list[int]]:
    """Period indexes in batches of non-overlapping periods (usually one batch), so that a row
    falls in at most one period of a batch."""
    batches: list[list[int]] = []
    for i in sorted(range(len(periods)), key=lambda i: periods[i][0]):
        start, end = periods[i]
        for batch in batches:
            if all(start > periods[j][1] or end < periods[j][0] for j in batch):
                batch.append(i)
                break
        else:
            batches.append([i])
    return batches


def _bucket(model: type[Model], field: str, periods: Sequence[Span]) -> Case:
    """The index of the period a row's date or datetime field falls in (NULL outside all), with
    the same bounds as the adapters' `received` (whole local days, both ends included)."""
    is_datetime = isinstance(model._meta.get_field(field), DateTimeField)
    whens = []
    for i, (start, end) in enumerate(periods):
        bounds = period_bounds(start, end) if is_datetime else (start, end)
        whens.append(When(Q(**{f"{field}__range": bounds}), then=Value(i)))
    return Case(*whens, default=Value(None), output_field=IntegerField())


def _traced_condition(kind: str, model: type[Model]) -> Q:
    """Rows of `kind` linked to at least one outcome (a survey also through one of its
    questions or instruments), as subqueries, so that no join multiplies the rows."""
    condition = Q(pk__in=_linked_ids(kind))
    if kind == "survey":
        questions = model._default_manager.filter(
            versions__questions__pk__in=_linked_ids("survey_question")
        ).values("pk")
        instrument_surveys = [
            int(key.split(":")[0])
            for key in OutcomeInput.objects.filter(kind="survey_instrument").values_list(
                "object_id", flat=True
            )
        ]
        condition |= Q(pk__in=questions) | Q(pk__in=instrument_surveys)
    return condition


def traced_input_share_by_period(
    *, county_id: int, periods: Sequence[Span], unit_path: str | None = None
) -> list[tuple[int, int]]:
    """`traced_input_share` for each (start, end) period at once: per kind one aggregate query
    over all the periods, the period's index a CASE in the GROUP BY (a kind whose adapter
    names no `received_field` takes one query per period)."""
    out = [[0, 0] for _ in periods]
    if not periods:
        return []
    for adapter in adapters():
        for batch in _batches(periods):
            spans = [periods[i] for i in batch]
            first = min(s for s, _e in spans)
            last = max(e for _s, e in spans)
            received = adapter.received(
                county_id=county_id, start=first, end=last, unit_path=unit_path
            )
            if received is None:
                continue
            condition = _traced_condition(adapter.kind, received.model)
            distinct = bool(received.query.distinct)  # a join (a survey's units) may repeat rows
            if not adapter.received_field:
                for i in batch:
                    start, end = periods[i]
                    qs = adapter.received(
                        county_id=county_id, start=start, end=end, unit_path=unit_path
                    )
                    out[i][0] += qs.filter(condition).values("pk").distinct().count()
                    out[i][1] += qs.count()
                continue
            rows = (
                received.order_by()
                .annotate(period=_bucket(received.model, adapter.received_field, spans))
                .values("period")
                .annotate(
                    traced=Count("pk", filter=condition, distinct=distinct),
                    total=Count("pk", distinct=distinct),
                )
            )
            for row in rows:
                if row["period"] is not None:
                    i = batch[row["period"]]
                    out[i][0] += row["traced"]
                    out[i][1] += row["total"]
    return [(traced, total) for traced, total in out]


def traced_input_share(
    *, county_id: int, start: date, end: date, unit_path: str | None = None
) -> tuple[int, int]:
    """(inputs received in the period that are linked to at least one outcome, all inputs
    received in the period), over every registered kind that counts its inputs (feedback,
    initiatives, surveys closed, panel statements, conversations closed, council statements).
    One aggregate query per kind, whatever the number of rows."""
    return traced_input_share_by_period(
        county_id=county_id, periods=[(start, end)], unit_path=unit_path
    )[0]


def inputs_fingerprint(*, county_id: int, skip: Iterable[str] = ()) -> tuple:
    """What identifies the state of every counted kind's inputs, for the cache key of figures
    computed by `traced_input_share_by_period`: each adapter's `fingerprint_queries`, all in one
    UNION query. A new kind is part of it as soon as its adapter is registered; `skip` leaves
    out kinds the caller fingerprints otherwise."""
    skipped = set(skip)
    queries = [
        query
        for a in adapters()
        if a.kind not in skipped
        for query in a.fingerprint_queries(county_id=county_id)
    ]
    if not queries:
        return ()
    # Each part is selected from as a derived table, its columns named in order: Django's SQL
    # for a values_list of annotations has them in no fixed order, and a UNION matches columns
    # by position.
    columns = ", ".join(connection.ops.quote_name(c) for c in FINGERPRINT_COLUMNS)
    parts, params = [], []
    for query in queries:
        sql, part_params = query.query.sql_with_params()
        parts.append(f"SELECT {columns} FROM ({sql}) AS part")  # noqa: S608 - Django-built SQL
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return tuple(sorted((label, tuple(rest)) for label, *rest in rows))


def _decided(county_id: int, start: date | None, end: date | None) -> QuerySet[Outcome]:
    qs = Outcome.objects.filter(county_id=county_id)
    if start is not None:
        qs = qs.filter(decided_on__gte=start)
    if end is not None:
        qs = qs.filter(decided_on__lte=end)
    return qs


def council_statement_share_by_period(
    *, county_id: int, periods: Sequence[Span]
) -> list[tuple[int, int]]:
    """`council_statement_share` for each (start, end) period, one aggregate query per batch of
    non-overlapping periods."""
    out = [(0, 0)] * len(periods)
    with_statement = Q(
        pk__in=OutcomeInput.objects.filter(kind="council_statement").values("outcome_id")
    )
    for batch in _batches(periods):
        spans = [periods[i] for i in batch]
        rows = (
            _decided(county_id, min(s for s, _e in spans), max(e for _s, e in spans))
            .order_by()
            .annotate(period=_bucket(Outcome, "decided_on", spans))
            .values("period")
            .annotate(n=Count("pk", filter=with_statement), total=Count("pk"))
        )
        for row in rows:
            if row["period"] is not None:
                out[batch[row["period"]]] = (row["n"], row["total"])
    return out


def council_statement_share(*, county_id: int, start: date, end: date) -> tuple[int, int]:
    """(outcomes decided in the period that drew on a council statement, outcomes decided in
    the period)."""
    return council_statement_share_by_period(county_id=county_id, periods=[(start, end)])[0]


def published_outcomes(*, county_id: int, start: date, end: date) -> list[Outcome]:
    """Outcomes published on the portal and decided in the period (for the yearly report)."""
    return list(
        _decided(county_id, start, end)
        .filter(is_published=True)
        .prefetch_related("units")
        .order_by("decided_on", "id")
    )


def outcome_counts_by_status(
    *, county_id: int, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Outcomes by status (every status present, zeros included); with a period, those
    decided in it."""
    counts = dict.fromkeys(Status.values, 0)
    rows = _decided(county_id, start, end).values("status").annotate(n=Count("id"))
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def late_outcomes(qs: QuerySet[Outcome], today: date) -> QuerySet[Outcome]:
    return qs.filter(status__in=OPEN_STATUSES, follow_up_due__lt=today)


# --- Lists ------------------------------------------------------------------------------------


def public_outcomes(
    *, county_id: int, unit: Unit | None = None, status: str = ""
) -> QuerySet[Outcome]:
    qs = Outcome.objects.filter(county_id=county_id, is_published=True)
    if unit is not None:
        ids = Outcome.objects.filter(units__path__startswith=unit.path).values("pk")
        qs = qs.filter(pk__in=ids)
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related("units").annotate(input_count=Count("inputs", distinct=True))


# --- Inputs of an outcome ---------------------------------------------------------------------


@dataclass
class InputRow:
    """One linked input as a page shows it."""

    link: OutcomeInput
    kind_name: str
    obj: Any = None
    removed: bool = False
    staff_url: str = ""
    public_text: str | None = None


def input_rows(links: Iterable[OutcomeInput], *, public: bool) -> list[InputRow]:
    """The linked inputs, resolved per kind in bulk. Public rows carry only the adapter's
    public summary; inputs that may never be public are left out of public lists."""
    links = list(links)
    by_kind: dict[str, list[str]] = {}
    for link in links:
        by_kind.setdefault(link.kind, []).append(link.object_id)
    resolved: dict[str, dict[str, Any]] = {}
    for kind, keys in by_kind.items():
        adapter = adapter_for(kind)
        resolved[kind] = adapter.resolve(keys) if adapter is not None else {}
    rows = []
    for link in links:
        adapter = adapter_for(link.kind)
        obj = resolved.get(link.kind, {}).get(link.object_id)
        row = InputRow(
            link=link,
            kind_name=str(adapter.verbose_name) if adapter else link.kind,
            obj=obj,
            removed=obj is None,
        )
        if obj is not None and adapter is not None:
            if public:
                row.public_text = adapter.public_summary(obj)
                if row.public_text is None:
                    continue
            else:
                row.staff_url = adapter.staff_url(obj)
        rows.append(row)
    return rows


@dataclass
class PublicInputs:
    rows: list[InputRow] = field(default_factory=list)
    hidden: int = 0


def public_inputs(outcome: Outcome) -> PublicInputs:
    links = list(outcome.inputs.all())
    rows = input_rows(links, public=True)
    return PublicInputs(rows=rows, hidden=len(links) - len(rows))


# --- The trail on an input's page -------------------------------------------------------------


def outcomes_for_input(*, kind: str, obj: Any, published_only: bool) -> QuerySet[Outcome]:
    adapter = adapter_for(kind)
    if adapter is None or obj is None:
        return Outcome.objects.none()
    condition = Q(pk__in=[])
    for k, key in adapter.trail_keys(obj):
        condition |= Q(inputs__kind=k, inputs__object_id=key)
    qs = Outcome.objects.filter(condition).distinct()
    if published_only:
        qs = qs.filter(is_published=True)
    return qs.order_by("-decided_on", "-id")


# --- The unit timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # "outcome" or "response"
    outcome: Outcome | None = None
    said: str = ""
    done: str = ""


def unit_timeline(*, unit: Unit, limit: int = 100) -> list[TimelineEntry]:
    """Published outcomes concerning the unit's subtree and its published feedback responses
    ("you said, we did"), newest first."""
    from kuulu.feedback.models import PublishedFeedback

    ids = Outcome.objects.filter(units__path__startswith=unit.path).values("pk")
    outcomes = Outcome.objects.filter(pk__in=ids, is_published=True).order_by(
        "-published_at", "-id"
    )[:limit]
    entries = [
        TimelineEntry(
            on=o.decided_on or timezone.localdate(o.published_at), kind="outcome", outcome=o
        )
        for o in outcomes
    ]
    responses = PublishedFeedback.objects.filter(
        feedback__unit__path__startswith=unit.path
    ).order_by("-published_at", "-id")[:limit]
    entries += [
        TimelineEntry(
            on=timezone.localdate(r.published_at),
            kind="response",
            said=r.masked_text,
            done=r.masked_response,
        )
        for r in responses
    ]
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries[:limit]
