"""Reads of the outcomes app, including the functions other apps call (contracts.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BigIntegerField, Count, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from kuulu.organisation.models import Unit
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.inputs import adapters
from kuulu.outcomes.models import OPEN_STATUSES, Outcome, OutcomeInput, Status


def _linked_ids(kind: str) -> QuerySet:
    return (
        OutcomeInput.objects.filter(kind=kind)
        .annotate(n=Cast("object_id", BigIntegerField()))
        .values("n")
    )


def traced_input_share(
    *, county_id: int, start: date, end: date, unit_path: str | None = None
) -> tuple[int, int]:
    """(inputs received in the period that are linked to at least one outcome, all inputs
    received in the period), over every registered kind that counts its inputs (feedback,
    initiatives, surveys closed, panel statements, conversations closed, council statements).
    Two counts per kind, whatever the number of rows."""
    traced = total = 0
    for adapter in adapters():
        received = adapter.received(county_id=county_id, start=start, end=end, unit_path=unit_path)
        if received is None:
            continue
        total += received.count()
        condition = Q(pk__in=_linked_ids(adapter.kind))
        if adapter.kind == "survey":
            # A survey is traced also when one of its questions or instruments is linked.
            condition |= Q(versions__questions__pk__in=_linked_ids("survey_question"))
            instrument_surveys = [
                int(key.split(":")[0])
                for key in OutcomeInput.objects.filter(kind="survey_instrument").values_list(
                    "object_id", flat=True
                )
            ]
            condition |= Q(pk__in=instrument_surveys)
        traced += received.filter(condition).values("pk").distinct().count()
    return traced, total


def _decided(county_id: int, start: date | None, end: date | None) -> QuerySet[Outcome]:
    qs = Outcome.objects.filter(county_id=county_id)
    if start is not None:
        qs = qs.filter(decided_on__gte=start)
    if end is not None:
        qs = qs.filter(decided_on__lte=end)
    return qs


def council_statement_share(*, county_id: int, start: date, end: date) -> tuple[int, int]:
    """(outcomes decided in the period that drew on a council statement, outcomes decided in
    the period)."""
    decided = _decided(county_id, start, end)
    with_statement = decided.filter(inputs__kind="council_statement").distinct().count()
    return with_statement, decided.count()


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
