"""Aggregate results of a survey: who may see them, and the figures, computed in the database.

Every figure comes from GROUP BY queries over `Answer` (counts per question, statement, option
and value); Python only turns those tallies into shares, means and scores with the pure
functions of `stats` and `scoring`. A results page costs a fixed number of queries whatever the
number of responses: the questionnaire (3), respondents (1), tallies (1), respondents per
multi-row question (1), dates by month (1), free-text samples (1), one per scored instrument,
and the same again for a chosen group comparison and for the other rounds of the series.
Each aggregate also groups by block of response ids and is cached per block (`result_blocks`):
after new submissions only the blocks that changed are read again (one query per contiguous
range of them), so a view costs about a block, not the survey.

Questions are matched across versions by `Question.key`, options by `Choice.value` and
statements by `MatrixRow.key`, so responses to every version of a survey, and every round of a
series, are counted together.

Access (kept here beside the figures it guards): owners and the county's coordinators see the
results of a survey; a manager sees those of a staff survey addressed only to units of their
own subtree. Raw, row-level exports are for owners and coordinators only.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kuulu.core.charts import BarChart, horizontal_bars
from kuulu.core.masking import mask_text
from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Municipality, Unit
from kuulu.surveys import result_blocks, scoring, stats
from kuulu.surveys.models import Answer, Question, Response, Survey

Kind = Question.Kind
SUBMITTED = Response.Status.SUBMITTED
# Every other status, listed (not "<> submitted") so that it is an index condition.
UNFINISHED = [status for status in Response.Status.values if status != SUBMITTED]
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
# Kinds with several answer rows per response: their base is a count of distinct responses.
MULTI_ROW_KINDS = frozenset({Kind.MULTIPLE, Kind.RANKING, Kind.MATRIX})
TEXT_SAMPLE = 5


# --- access -----------------------------------------------------------------------------------


def _manages_staff_survey(actor: Actor, survey: Survey) -> bool:
    if not actor.is_manager or not actor.unit_path or survey.audience != Survey.Audience.STAFF:
        return False
    paths = [unit.path for unit in survey.units.all()]
    return bool(paths) and all(path.startswith(actor.unit_path) for path in paths)


def _owns(actor: Actor, survey: Survey) -> bool:
    """The owner's rights last as long as their staff role, as in the builder
    (`access.can_manage_survey`): an account that lost it keeps no results or exports."""
    return actor.is_staff and bool(actor.user_id) and survey.owner_id == actor.user_id


def can_see_results(actor: Actor, survey: Survey) -> bool:
    if actor.is_admin:
        return True
    if actor.county_id != survey.county_id:
        return False
    if actor.is_coordinator or _owns(actor, survey):
        return True
    return _manages_staff_survey(actor, survey)


def can_export_raw(actor: Actor, survey: Survey) -> bool:
    """Row-level data, possibly identified: the owner and coordinators only."""
    if actor.is_admin:
        return True
    if actor.county_id != survey.county_id:
        return False
    return actor.is_coordinator or _owns(actor, survey)


def access_survey_for_results(user: Any, survey_id: int) -> tuple[Survey, Actor]:
    actor = actor_for(user)
    if not actor.is_authenticated:
        raise PermissionDenied
    survey = get_object_or_404(Survey.objects.prefetch_related("units"), pk=survey_id)
    if not can_see_results(actor, survey):
        raise PermissionDenied
    return survey, actor


def access_survey_for_raw_export(user: Any, survey_id: int) -> Survey:
    actor = actor_for(user)
    survey = get_object_or_404(Survey, pk=survey_id)
    if not actor.is_authenticated or not can_export_raw(actor, survey):
        raise PermissionDenied
    return survey


def min_group_for(survey: Survey) -> int:
    """The county-wide floor, raised (never lowered) by the survey's own setting."""
    return max(int(getattr(settings, "KUULU_MIN_GROUP_SIZE", 5)), survey.min_group_size or 0)


# --- the questionnaire across versions ----------------------------------------------------------


@dataclass
class QuestionMeta:
    """One question of a survey (or series), the same `key` in every version merged."""

    key: str
    kind: str
    text: str
    scale_min: int | None
    scale_max: int | None
    options: list[tuple[str, str]] = field(default_factory=list)  # (choice value, label)
    rows: list[tuple[str, str]] = field(default_factory=list)  # (statement key, label)
    points: list[tuple[int, str]] = field(default_factory=list)  # scale (value, label)
    background: str = ""
    instrument_item: str = ""
    instrument_id: int | None = None

    @property
    def is_agreement(self) -> bool:
        return self.kind in (Kind.LIKERT, Kind.MATRIX)


@dataclass
class Catalogue:
    """Questions in display order with the id maps that merge versions."""

    questions: list[QuestionMeta]
    by_key: dict[str, QuestionMeta]
    key_of_question: dict[int, str]
    value_of_choice: dict[int, str]
    key_of_row: dict[int, str]
    ids_of_key: dict[str, list[int]]
    instruments: dict[int, Any]


def catalogue(survey_ids: Sequence[int], *, current_version_id: int | None = None) -> Catalogue:
    """Three queries: questions (with instrument), options, statements."""
    questions = list(
        Question.objects.filter(version__survey_id__in=survey_ids)
        .select_related("version", "page", "instrument_item__instrument")
        .prefetch_related("choices", "rows")
        .order_by("-version__survey_id", "-version__number", "page__position", "position", "id")
    )
    # The current version's order first, then keys only older versions had.
    questions.sort(
        key=lambda q: (
            q.version_id != current_version_id,
            -q.version.number,
            q.page.position,
            q.position,
            q.pk,
        )
    )
    by_key: dict[str, QuestionMeta] = {}
    key_of_question: dict[int, str] = {}
    value_of_choice: dict[int, str] = {}
    key_of_row: dict[int, str] = {}
    ids_of_key: dict[str, list[int]] = defaultdict(list)
    instruments: dict[int, Any] = {}
    for question in questions:
        key_of_question[question.pk] = question.key
        ids_of_key[question.key].append(question.pk)
        meta = by_key.get(question.key)
        if meta is None:
            meta = QuestionMeta(
                key=question.key,
                kind=question.kind,
                text=str(question.text),
                scale_min=question.scale_range.start
                if question.kind in Question.SCALE_KINDS
                else None,
                scale_max=question.scale_range.stop - 1
                if question.kind in Question.SCALE_KINDS
                else None,
                points=[(value, label) for value, label in question.labels_for()]
                if question.kind in Question.SCALE_KINDS
                else [],
                background=question.background,
            )
            by_key[question.key] = meta
        known_options = {value for value, _label in meta.options}
        for choice in question.choices.all():
            value_of_choice[choice.pk] = choice.value
            if choice.value not in known_options:
                meta.options.append((choice.value, str(choice.label)))
                known_options.add(choice.value)
        known_rows = {key for key, _label in meta.rows}
        for row in question.rows.all():
            key_of_row[row.pk] = row.key
            if row.key not in known_rows:
                meta.rows.append((row.key, str(row.label)))
                known_rows.add(row.key)
        item = question.instrument_item
        if item is not None and not meta.instrument_item:
            meta.instrument_item = item.key
            meta.instrument_id = item.instrument_id
            instruments[item.instrument_id] = item.instrument
    ordered = list(by_key.values())
    return Catalogue(
        questions=ordered,
        by_key=by_key,
        key_of_question=key_of_question,
        value_of_choice=value_of_choice,
        key_of_row=key_of_row,
        ids_of_key=dict(ids_of_key),
        instruments=instruments,
    )


# --- groupings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grouping:
    """How respondents are split for a comparison: a field of the response, or the option a
    respondent chose in a background question."""

    key: str
    label: str
    response_field: str = ""  # on Response
    question_key: str = ""


def groupings_for(cat: Catalogue) -> list[Grouping]:
    out = [
        Grouping("respondent_group", _("Managers and staff"), response_field="respondent_group"),
        Grouping("service_area", _("Service area"), response_field="service_area_id"),
        Grouping("municipality", _("Municipality"), response_field="municipality_id"),
    ]
    for meta in cat.questions:
        if meta.kind == Kind.SINGLE:
            out.append(Grouping(f"q:{meta.key}", meta.text, question_key=meta.key))
    return out


def _with_group(
    qs: QuerySet,
    grouping: Grouping | None,
    cat: Catalogue,
    prefix: str,
    ranges: Sequence[result_blocks.Range] | None = None,
) -> QuerySet:
    """Annotate `grp` on an Answer (prefix "response__") or Response (prefix "") queryset.
    `ranges` (of response ids) also restricts the join to the background answers, which the
    database would not infer from the outer query's range."""
    if grouping is None:
        return qs.annotate(grp=Value(""))
    if grouping.response_field:
        return qs.annotate(grp=F(prefix + grouping.response_field))
    ids = cat.ids_of_key.get(grouping.question_key, [])
    relation = prefix + "answers"
    condition = Q(**{f"{relation}__question_id__in": ids}) & result_blocks.range_filter(
        f"{relation}__response_id", ranges
    )
    return qs.annotate(background=FilteredRelation(relation, condition=condition)).annotate(
        grp=F("background__choice_id")
    )


def _group_labels(grouping: Grouping, cat: Catalogue, raw_keys: Iterable[Any]) -> dict[Any, str]:
    keys = [k for k in raw_keys if k not in (None, "")]
    labels: dict[Any, str] = {None: _("Not recorded"), "": _("Not recorded")}
    if grouping.key == "respondent_group":
        names = dict(Response.Group.choices)
        labels.update({k: str(names.get(k, k)) for k in keys})
    elif grouping.key == "municipality":
        labels.update({m.pk: str(m) for m in Municipality.objects.filter(pk__in=keys)})
    elif grouping.key == "service_area":
        labels.update({u.pk: str(u) for u in Unit.objects.filter(pk__in=keys)})
    elif grouping.question_key:
        options = dict(cat.by_key[grouping.question_key].options)
        for k in keys:
            value = cat.value_of_choice.get(k, str(k))
            labels[k] = options.get(value, value)
    return labels


def _group_key(grouping: Grouping | None, cat: Catalogue, raw: Any) -> Any:
    """Choice ids of different versions with the same value are one group."""
    if grouping is not None and grouping.question_key and raw is not None:
        return cat.value_of_choice.get(raw, raw)
    return raw


# --- tallies ----------------------------------------------------------------------------------


def _answers(survey_ids: Sequence[int]) -> QuerySet:
    return Answer.objects.filter(
        response__survey_id__in=survey_ids, response__status=SUBMITTED
    ).order_by()


@dataclass
class _Tally:
    options: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    values: dict[str, dict[float, int]] = field(default_factory=lambda: defaultdict(dict))
    row_values: dict[str, dict[str, dict[float, int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )
    ranks: dict[str, list[tuple[str, int, int]]] = field(default_factory=lambda: defaultdict(list))
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    base: dict[str, int] = field(default_factory=dict)
    months: dict[str, dict[date, int]] = field(default_factory=lambda: defaultdict(dict))


def _add(counter: dict, key: Any, n: int) -> None:
    counter[key] = counter.get(key, 0) + n


def _finished_only(survey_ids: Sequence[int], cat: Catalogue) -> QuerySet:
    """Answers to the survey's questions except those of responses still in progress (usually
    few: a NOT IN over a small hashed set instead of a join to every response)."""
    unfinished = Response.objects.filter(
        survey_id__in=survey_ids, status=Response.Status.IN_PROGRESS
    ).values("id")
    return (
        Answer.objects.filter(question_id__in=list(cat.key_of_question))
        .exclude(response_id__in=Subquery(unfinished))
        .order_by()
    )


def _tag(kind: str, survey_ids: Sequence[int], cat: Catalogue, grouping: Grouping | None) -> str:
    """Names a block query and its inputs for the block cache: question ids change with every
    new version, so they stand for the questionnaire."""
    group = ""
    if grouping is not None:
        group = grouping.key
        if grouping.question_key:
            group += ":" + ",".join(map(str, sorted(cat.ids_of_key.get(grouping.question_key, []))))
    questions = ",".join(map(str, sorted(cat.key_of_question)))
    return f"{kind}|{sorted(survey_ids)}|{group}|{questions}"


def _joined_response_in(ranges: Sequence[result_blocks.Range] | None) -> list[RawSQL]:
    """The id ranges again, on the joined response table itself: Django turns
    `response__id` into the answer's own `response_id`, and the database does not carry a
    range across a join, so without this the join would hash every response of the survey."""
    if ranges is None:
        return []
    one = '("surveys_response"."id" >= %s AND "surveys_response"."id" < %s)'
    params = [bound for pair in ranges for bound in pair]
    # A constant template with bound parameters: nothing from outside reaches the SQL text.
    sql = f"({' OR '.join([one] * len(ranges))})"
    return [RawSQL(sql, params, output_field=BooleanField())]  # noqa: S611


def _source(
    survey_ids: Sequence[int],
    cat: Catalogue,
    grouping: Grouping | None,
    size: int,
    ranges: Sequence[result_blocks.Range] | None,
) -> QuerySet:
    """Answers of submitted responses to the survey's questions, with `grp` and `blk`.

    Without a grouping the answers are read straight from the answer table by question (the
    covering index `answer_results_idx` answers it alone) and the few responses still in
    progress are left out with a NOT IN; with a grouping the join to the response is needed
    anyway for the group, so it filters the status too. Either way one statement, so one
    consistent snapshot."""
    question_ids = list(cat.key_of_question)
    in_ranges = result_blocks.range_filter("response_id", ranges)
    if grouping is None:
        unfinished = (
            Response.objects.filter(survey_id__in=survey_ids, status__in=UNFINISHED)
            .filter(result_blocks.range_filter("id", ranges))
            .order_by()
            .values("id")
        )
        qs = (
            Answer.objects.filter(in_ranges, question_id__in=question_ids)
            .exclude(response_id__in=Subquery(unfinished))
            .order_by()
            .annotate(grp=Value(""))
        )
    else:
        qs = _with_group(
            Answer.objects.filter(
                in_ranges,
                *_joined_response_in(ranges),
                question_id__in=question_ids,
                response__survey_id__in=survey_ids,
                response__status=SUBMITTED,
            ).order_by(),
            grouping,
            cat,
            "response__",
            ranges,
        )
    return qs.annotate(blk=result_blocks.block_of("response_id", size))


def tallies(
    survey_ids: Sequence[int],
    cat: Catalogue,
    grouping: Grouping | None = None,
    blocks: result_blocks.Blocks | None = None,
) -> dict[Any, _Tally]:
    """Per group: counts per option, histograms of values, ranks, bases. Three block queries
    (values, distinct respondents of multi-row questions, dates by month), each computed only
    for the blocks not in the cache (see `result_blocks`)."""
    if blocks is None:
        blocks = result_blocks.blocks_for(survey_ids)
    size = blocks.size
    out: dict[Any, _Tally] = defaultdict(_Tally)
    kinds = {meta.key: meta.kind for meta in cat.questions}
    multi_ids = [
        qid for qid, key in cat.key_of_question.items() if kinds.get(key) in MULTI_ROW_KINDS
    ]
    date_ids = [qid for qid, key in cat.key_of_question.items() if kinds.get(key) == Kind.DATE]

    def values(ranges: Sequence[result_blocks.Range] | None) -> Iterable[Sequence[Any]]:
        # COUNT(*), not COUNT(id): the covering index then answers the query alone.
        return (
            _source(survey_ids, cat, grouping, size, ranges)
            .values_list("blk", "grp", "question_id", "matrix_row_id", "choice_id", "number")
            .annotate(n=Count("*"))
        )

    for grp, question_id, row_id, choice_id, number, n in result_blocks.blockwise(
        blocks, _tag("tally", survey_ids, cat, grouping), values
    ):
        key = cat.key_of_question.get(question_id)
        if key is None:
            continue
        tally = out[_group_key(grouping, cat, grp)]
        kind = kinds[key]
        if kind == Kind.RANKING and choice_id is not None and number is not None:
            tally.ranks[key].append((cat.value_of_choice[choice_id], int(number), n))
        elif choice_id is not None:
            _add(tally.options[key], cat.value_of_choice[choice_id], n)
        elif row_id is not None and number is not None:
            _add(tally.row_values[key][cat.key_of_row[row_id]], float(number), n)
        elif number is not None:
            _add(tally.values[key], float(number), n)
        tally.answered[key] += n

    bases: dict[Any, dict[str, int]] = defaultdict(dict)
    if multi_ids:

        def distinct(ranges: Sequence[result_blocks.Range] | None) -> Iterable[Sequence[Any]]:
            return (
                _source(survey_ids, cat, grouping, size, ranges)
                .filter(question_id__in=multi_ids)
                .values_list("blk", "grp", "question_id")
                .annotate(n=Count("response_id", distinct=True))
            )

        # Response sets of blocks are disjoint, so distinct counts add up.
        for grp, question_id, n in result_blocks.blockwise(
            blocks, _tag("distinct", survey_ids, cat, grouping), distinct
        ):
            _add(bases[_group_key(grouping, cat, grp)], cat.key_of_question[question_id], n)
    if date_ids:

        def months(ranges: Sequence[result_blocks.Range] | None) -> Iterable[Sequence[Any]]:
            return (
                _source(survey_ids, cat, grouping, size, ranges)
                .filter(question_id__in=date_ids, date__isnull=False)
                .annotate(month=TruncMonth("date"))
                .values_list("blk", "grp", "question_id", "month")
                .annotate(n=Count("*"))
            )

        for grp, question_id, month, n in result_blocks.blockwise(
            blocks, _tag("months", survey_ids, cat, grouping), months
        ):
            _add(
                out[_group_key(grouping, cat, grp)].months[cat.key_of_question[question_id]],
                month,
                n,
            )
    for group, tally in out.items():
        tally.base.update(bases.get(group, {}))
        for key, n in tally.answered.items():
            tally.base.setdefault(key, n)
        _drop_zeros(tally)
    return out


def _drop_zeros(tally: _Tally) -> None:
    """Counts that the subtraction of unfinished responses brought to zero."""
    for counter in (*tally.options.values(), *tally.values.values(), *tally.months.values()):
        for k in [k for k, n in counter.items() if n == 0]:
            del counter[k]
    for rows in tally.row_values.values():
        for counter in rows.values():
            for k in [k for k, n in counter.items() if n == 0]:
                del counter[k]


def respondents(
    survey_ids: Sequence[int],
    cat: Catalogue,
    grouping: Grouping | None = None,
    blocks: result_blocks.Blocks | None = None,
) -> dict[Any, int]:
    """Submitted responses per group. One block query."""
    if blocks is None:
        blocks = result_blocks.blocks_for(survey_ids)
    size = blocks.size

    def compute(ranges: Sequence[result_blocks.Range] | None) -> Iterable[Sequence[Any]]:
        qs = _with_group(
            Response.objects.filter(
                result_blocks.range_filter("id", ranges),
                survey_id__in=survey_ids,
                status=SUBMITTED,
            ).order_by(),
            grouping,
            cat,
            "",
            ranges,
        )
        return (
            qs.annotate(blk=result_blocks.block_of("id", size))
            .values_list("blk", "grp")
            .annotate(n=Count("id", distinct=True))
        )

    out: dict[Any, int] = defaultdict(int)
    for grp, n in result_blocks.blockwise(
        blocks, _tag("respondents", survey_ids, cat, grouping), compute
    ):
        out[_group_key(grouping, cat, grp)] += n
    return dict(out)


# --- question results -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    key: str
    label: str
    distribution: stats.Distribution
    scale: stats.ScaleSummary


@dataclass(frozen=True)
class QuestionResult:
    meta: QuestionMeta
    base: int | None
    suppressed: bool
    distribution: stats.Distribution | None = None
    scale: stats.ScaleSummary | None = None
    rows: tuple[RowResult, ...] = ()
    ranking: tuple[stats.RankedOption, ...] = ()
    chart: BarChart | None = None
    texts: tuple[str, ...] = ()


def _point_label(value: int, label: str) -> str:
    return f"{value} - {label}" if label else str(value)


def _value_distribution(
    meta: QuestionMeta, histogram: dict[float, int], min_group: int
) -> stats.Distribution:
    base = sum(histogram.values())
    return stats.distribution(
        [
            (str(value), _point_label(value, label), histogram.get(float(value), 0))
            for value, label in meta.points
        ],
        base=base,
        min_group=min_group,
    )


def _scale_summary(meta: QuestionMeta, histogram: dict[float, int], min_group: int):  # type: ignore[no-untyped-def]
    return stats.summarise_scale(
        histogram,
        min_group=min_group,
        scale_max=meta.scale_max,
        agreement=meta.is_agreement,
        recommendation=meta.kind == Kind.SCALE_0_10,
    )


def question_result(
    meta: QuestionMeta, tally: _Tally, min_group: int, *, charts: bool = True
) -> QuestionResult:
    key = meta.key
    base = tally.base.get(key, 0)
    if stats.is_suppressed(base, min_group):
        return QuestionResult(meta=meta, base=None, suppressed=True)
    chart = None
    if meta.kind in (Kind.SINGLE, Kind.MULTIPLE):
        counts = tally.options.get(key, {})
        dist = stats.distribution(
            [(value, label, counts.get(value, 0)) for value, label in meta.options],
            base=base,
            min_group=min_group,
        )
        if charts:
            chart = horizontal_bars(
                [(o.label, o.percent) for o in dist.options], maximum=100, suffix=" %"
            )
        return QuestionResult(
            meta=meta, base=base, suppressed=False, distribution=dist, chart=chart
        )
    if meta.kind in (Kind.LIKERT, Kind.SCALE_0_10):
        histogram = tally.values.get(key, {})
        dist = _value_distribution(meta, histogram, min_group)
        if charts:
            chart = horizontal_bars(
                [(o.label, o.percent) for o in dist.options], maximum=100, suffix=" %"
            )
        return QuestionResult(
            meta=meta,
            base=base,
            suppressed=False,
            distribution=dist,
            scale=_scale_summary(meta, histogram, min_group),
            chart=chart,
        )
    if meta.kind == Kind.NUMBER:
        histogram = tally.values.get(key, {})
        return QuestionResult(
            meta=meta,
            base=base,
            suppressed=False,
            scale=stats.summarise_scale(histogram, min_group=min_group),
        )
    if meta.kind == Kind.MATRIX:
        rows = []
        for row_key, label in meta.rows:
            histogram = tally.row_values.get(key, {}).get(row_key, {})
            rows.append(
                RowResult(
                    key=row_key,
                    label=label,
                    distribution=_value_distribution(meta, histogram, min_group),
                    scale=_scale_summary(meta, histogram, min_group),
                )
            )
        if charts:
            chart = horizontal_bars(
                [
                    (r.label, r.scale.top_two.percent if r.scale.top_two else 0)
                    for r in rows
                    if not r.scale.suppressed
                ],
                maximum=100,
                suffix=" %",
            )
        return QuestionResult(meta=meta, base=base, suppressed=False, rows=tuple(rows), chart=chart)
    if meta.kind == Kind.RANKING:
        labels = dict(meta.options)
        ranked = stats.mean_ranks(
            (value, labels.get(value, value), rank, n)
            for value, rank, n in tally.ranks.get(key, [])
        )
        if charts:
            chart = horizontal_bars([(r.label, r.mean_rank) for r in ranked])
        return QuestionResult(meta=meta, base=base, suppressed=False, ranking=ranked, chart=chart)
    if meta.kind == Kind.DATE:
        months = tally.months.get(key, {})
        dist = stats.distribution(
            [(m.isoformat()[:7], m.strftime("%Y-%m"), n) for m, n in sorted(months.items())],
            base=base,
            min_group=min_group,
        )
        if charts:
            chart = horizontal_bars(
                [(o.label, o.percent) for o in dist.options], maximum=100, suffix=" %"
            )
        return QuestionResult(
            meta=meta, base=base, suppressed=False, distribution=dist, chart=chart
        )
    return QuestionResult(meta=meta, base=base, suppressed=False)


# --- headline figures: one table row per group or round ---------------------------------------


def headline_columns(meta: QuestionMeta) -> list[str]:
    """Column headings of a comparison table for this question (after the group and N)."""
    if meta.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return [f"{label} %" for _value, label in meta.options]
    if meta.kind == Kind.LIKERT:
        return [*(f"{_point_label(v, lab)} %" for v, lab in meta.points), _("Top two %"), _("Mean")]
    if meta.kind == Kind.SCALE_0_10:
        return [_("Mean"), _("NPS"), _("Promoters %"), _("Detractors %")]
    if meta.kind == Kind.NUMBER:
        return [_("Mean"), _("Confidence interval (95 %)"), _("Median")]
    if meta.kind == Kind.MATRIX:
        return [f"{label}: {_('top two %')}" for _key, label in meta.rows]
    if meta.kind == Kind.RANKING:
        return [f"{label}: {_('mean rank')}" for _value, label in meta.options]
    return []


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def headline_cells(result: QuestionResult) -> list[str]:
    """The figures under `headline_columns`; empty strings when the group is suppressed."""
    meta = result.meta
    width = len(headline_columns(meta))
    if result.suppressed:
        return [""] * width
    if meta.kind in (Kind.SINGLE, Kind.MULTIPLE) and result.distribution:
        return [str(o.percent) for o in result.distribution.options]
    scale = result.scale
    if meta.kind == Kind.LIKERT and result.distribution and scale:
        return [
            *(str(o.percent) for o in result.distribution.options),
            str(scale.top_two.percent) if scale.top_two else "",
            _num(scale.mean.mean) if scale.mean else "",
        ]
    if meta.kind == Kind.SCALE_0_10 and scale and scale.mean and scale.nps:
        return [
            _num(scale.mean.mean),
            str(scale.nps.score),
            str(scale.nps.promoters_percent),
            str(scale.nps.detractors_percent),
        ]
    if meta.kind == Kind.NUMBER and scale and scale.mean:
        ci = f"{scale.mean.low:g} - {scale.mean.high:g}" if scale.mean.low is not None else ""
        return [_num(scale.mean.mean), ci, _num(scale.median)]
    if meta.kind == Kind.MATRIX:
        return [
            str(r.scale.top_two.percent) if r.scale.top_two and not r.scale.suppressed else ""
            for r in result.rows
        ]
    if meta.kind == Kind.RANKING:
        ranks = {r.key: r.mean_rank for r in result.ranking}
        return [_num(ranks.get(value)) for value, _label in meta.options]
    return [""] * width


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int | None  # None: hidden
    cells: tuple[str, ...]
    hidden: bool


@dataclass(frozen=True)
class Comparison:
    """One question's figures per group (or per round), with suppression applied."""

    columns: tuple[str, ...]
    rows: tuple[GroupRow, ...]


def _comparison(
    meta: QuestionMeta,
    per_group: dict[Any, _Tally],
    order: Sequence[Any],
    labels: dict[Any, str],
    min_group: int,
    *,
    total_shown: bool,
    group_min: dict[Any, int] | None = None,
) -> Comparison:
    """`group_min`: a higher threshold of some groups (the rounds of a series); only with
    `total_shown=False`, where each group is suppressed on its own."""
    group_min = group_min or {}
    sizes = {g: per_group[g].base.get(meta.key, 0) if g in per_group else 0 for g in order}
    hidden = stats.suppressed_groups(sizes, min_group=min_group, total_shown=total_shown) | {
        g for g in order if stats.is_suppressed(sizes[g], group_min.get(g, min_group))
    }
    rows = []
    for g in order:
        if not sizes[g]:
            continue
        if g in hidden:
            rows.append(
                GroupRow(
                    labels.get(g, str(g)), None, tuple([""] * len(headline_columns(meta))), True
                )
            )
            continue
        result = question_result(meta, per_group[g], group_min.get(g, min_group), charts=False)
        rows.append(GroupRow(labels.get(g, str(g)), sizes[g], tuple(headline_cells(result)), False))
    return Comparison(columns=tuple(headline_columns(meta)), rows=tuple(rows))


# --- instrument scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentScore:
    name: str
    method: str
    rescaled: bool
    label: str  # group label, "" for everyone
    n: int | None
    mean: float | None
    low: float | None
    high: float | None
    suppressed: bool


def _score_histograms(
    survey_ids: Sequence[int],
    cat: Catalogue,
    rule: scoring.ScoringRule,
    instrument_id: int,
    grouping: Grouping | None,
    blocks: result_blocks.Blocks,
) -> dict[Any, dict[tuple[float, int], int]]:
    """Per group: {(sum of item values, items answered): respondents}. Reversed items are
    mirrored in the database; one query (a GROUP BY over a per-response GROUP BY)."""
    item_of_question: dict[int, str] = {}
    for key, ids in cat.ids_of_key.items():
        meta = cat.by_key[key]
        if meta.instrument_id == instrument_id and meta.instrument_item in rule.items:
            for qid in ids:
                item_of_question[qid] = meta.instrument_item
    if not item_of_question:
        return {}
    reversed_ids = [qid for qid, item in item_of_question.items() if item in rule.reverse]
    value = Cast("number", FloatField())
    if reversed_ids:
        value = Case(
            When(
                question_id__in=reversed_ids,
                then=Value(rule.scale_min + rule.scale_max) - Cast("number", FloatField()),
            ),
            default=Cast("number", FloatField()),
            output_field=FloatField(),
        )
    size = blocks.size

    def compute(ranges: Sequence[result_blocks.Range] | None) -> Iterable[Sequence[Any]]:
        inner = (
            _source(survey_ids, cat, grouping, size, ranges)
            .filter(question_id__in=list(item_of_question), number__isnull=False)
            .values("blk", "response_id", "grp")
            .annotate(total=Sum(value), answered=Count("*"))
            .values("blk", "grp", "total", "answered")
        )
        sql, params = inner.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT blk, grp, total, answered, COUNT(*) FROM ("  # noqa: S608 - Django-built SQL, params bound
                + sql
                + ") AS per_response GROUP BY blk, grp, total, answered",
                params,
            )
            return cursor.fetchall()

    rule_tag = f"{instrument_id}|{sorted(item_of_question.items())}|{sorted(reversed_ids)}"
    rule_tag += f"|{rule.scale_min}|{rule.scale_max}"
    out: dict[Any, dict[tuple[float, int], int]] = defaultdict(dict)
    for grp, total, answered, n in result_blocks.blockwise(
        blocks, _tag("scores", survey_ids, cat, grouping) + rule_tag, compute
    ):
        _add(out[_group_key(grouping, cat, grp)], (float(total), int(answered)), n)
    return out


def _score_of(rule: scoring.ScoringRule, total: float, answered: int) -> float | None:
    """A respondent's score from the sum of their (already mirrored) item values: `scoring.score`
    depends only on the sum and the number answered, so equal items with the mean stand in."""
    plain = replace(rule, reverse=())
    mean = total / answered
    return scoring.score(plain, dict.fromkeys(rule.items[:answered], mean))


def instrument_scores(
    survey_ids: Sequence[int],
    cat: Catalogue,
    min_group: int,
    grouping: Grouping | None = None,
    labels: dict[Any, str] | None = None,
    blocks: result_blocks.Blocks | None = None,
) -> list[InstrumentScore]:
    if blocks is None:
        blocks = result_blocks.blocks_for(survey_ids)
    out: list[InstrumentScore] = []
    for instrument_id, instrument in sorted(cat.instruments.items()):
        try:
            rule = scoring.parse_rule(instrument.scoring or {})
        except scoring.RuleError:
            continue
        if rule.method == "nps":
            continue  # shown with its 0-10 question
        per_group = _score_histograms(survey_ids, cat, rule, instrument_id, grouping, blocks)
        sizes = {
            g: sum(n for (_t, answered), n in h.items() if answered >= rule.needed)
            for g, h in per_group.items()
        }
        hidden = stats.suppressed_groups(
            sizes, min_group=min_group, total_shown=grouping is not None
        )
        for g, histogram in sorted(per_group.items(), key=lambda item: str(item[0])):
            label = (labels or {}).get(g, "") if grouping is not None else ""
            if g in hidden or stats.is_suppressed(sizes[g], min_group):
                out.append(
                    InstrumentScore(
                        str(instrument.name),
                        rule.method,
                        rule.rescale,
                        label,
                        None,
                        None,
                        None,
                        None,
                        True,
                    )
                )
                continue
            scores: dict[float, int] = {}
            for (total, answered), n in histogram.items():
                value = _score_of(rule, total, answered)
                if value is not None:
                    _add(scores, value, n)
            ci = stats.mean_ci(scores)
            out.append(
                InstrumentScore(
                    name=str(instrument.name),
                    method=rule.method,
                    rescaled=rule.rescale,
                    label=label,
                    n=ci.n if ci else 0,
                    mean=ci.mean if ci else None,
                    low=ci.low if ci else None,
                    high=ci.high if ci else None,
                    suppressed=False,
                )
            )
    return out


# --- free text ----------------------------------------------------------------------------------


def _masked(text: str) -> str:
    return mask_text(text or "").text


def text_samples(survey: Survey, cat: Catalogue, per_question: int) -> dict[str, list[str]]:
    """The latest `per_question` answers of each text question, masked. One query per text
    question (a fixed number: it depends on the questionnaire, not on the responses)."""
    out: dict[str, list[str]] = {}
    for meta in cat.questions:
        if meta.kind not in TEXT_KINDS:
            continue
        texts = (
            _finished_only([survey.pk], cat)
            .filter(question_id__in=cat.ids_of_key[meta.key])
            .exclude(text__isnull=True)
            .exclude(text="")
            .order_by("-id")
            .values_list("text", flat=True)[:per_question]
        )
        out[meta.key] = [_masked(text) for text in texts]
    return out


def text_answers(survey: Survey, key: str) -> QuerySet:
    """Every answer to one text question (all versions), newest first, for pagination."""
    return (
        _answers([survey.pk])
        .filter(question__version__survey=survey, question__key=key)
        .exclude(text__isnull=True)
        .exclude(text="")
        .order_by("-response__submitted_at", "-id")
        .values_list("text", flat=True)
    )


def masked_texts(texts: Iterable[str]) -> list[str]:
    return [_masked(text) for text in texts]


# --- the page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    meta: QuestionMeta
    comparison: Comparison


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    min_group: int
    respondents: int | None  # None when the whole survey is below the threshold
    questions: tuple[QuestionResult, ...]
    groupings: tuple[Grouping, ...]
    grouping: Grouping | None
    group_sizes: tuple[GroupRow, ...]
    comparisons: dict[str, Comparison]
    rounds: tuple[Survey, ...]
    trends: tuple[Trend, ...]
    scores: tuple[InstrumentScore, ...]
    group_scores: tuple[InstrumentScore, ...]

    @property
    def suppressed(self) -> bool:
        return self.respondents is None

    @property
    def question_rows(self) -> list[tuple[QuestionResult, Comparison | None]]:
        return [(q, self.comparisons.get(q.meta.key)) for q in self.questions]


def series_rounds(survey: Survey, viewer: Actor | None = None) -> list[Survey]:
    """The rounds of the survey's series in the same county, oldest first (itself included).
    With `viewer`, only the rounds whose results the viewer may see: a round compared on this
    page shows its figures as surely as its own results page does."""
    if not survey.series:
        return [survey]
    # Drafts of other rounds are nobody's results yet.
    rounds = list(
        Survey.objects.filter(county_id=survey.county_id, series=survey.series)
        .exclude(Q(status=Survey.Status.DRAFT) & ~Q(pk=survey.pk))
        .prefetch_related("units")
        .order_by("round_label", "created_at", "id")
    )
    if viewer is not None:
        rounds = [r for r in rounds if r.pk == survey.pk or can_see_results(viewer, r)]
    return rounds or [survey]


CACHE_SECONDS = 24 * 3600


def _fine_stamps(survey: Survey, with_trends: bool) -> dict[int, list[result_blocks.FineStamp]]:
    """The block fingerprints of the survey and, for trends, of the other rounds of its series
    (drafts included: a few extra recomputations, never a stale figure). One query."""
    ids = [survey.pk]
    if with_trends and survey.series:
        ids = list(
            Survey.objects.filter(
                Q(pk=survey.pk) | Q(county_id=survey.county_id, series=survey.series)
            ).values_list("pk", flat=True)
        )
    return result_blocks.fine_stamps(ids)


def survey_results(
    survey: Survey,
    *,
    grouping_key: str = "",
    text_sample: int = TEXT_SAMPLE,
    with_trends: bool = True,
    use_cache: bool = True,
    viewer: Actor | None = None,
) -> SurveyResults:
    """Everything the results page, the report, the aggregate exports and the API show.
    `viewer` limits the rounds compared to those whose results the viewer may see.

    Two caches: the whole result under a key that changes whenever a response of the survey
    (or of its series) is submitted or removed, or the survey is edited; and below it the
    per-block figures (`result_blocks`), so that after new submissions only the blocks that
    changed are read again. `use_cache=False` computes everything from the database."""
    fine = _fine_stamps(survey, with_trends)
    rounds = series_rounds(survey, viewer) if with_trends and survey.series else []
    if not use_cache:
        return _compute(survey, grouping_key, text_sample, rounds, fine, use_cache=False)
    stamp = "|".join(
        f"{sid}:{b.fingerprint}"
        for sid, b in sorted(
            (sid, result_blocks.Blocks.build(stamps)) for sid, stamps in fine.items()
        )
    )
    key = ":".join(
        [
            "survey-results",
            str(survey.pk),
            grouping_key,
            str(text_sample),
            str(with_trends),
            get_language() or "",
            str(min_group_for(survey)),
            ",".join(f"{r.pk}/{min_group_for(r)}" for r in rounds),
            hashlib.sha256(
                f"{stamp}.{survey.updated_at}.{survey.current_version_id}".encode()
            ).hexdigest()[:24],
        ]
    )
    cached = cache.get(key)
    if cached is None:
        cached = _compute(survey, grouping_key, text_sample, rounds, fine)
        cache.set(key, cached, CACHE_SECONDS)
    return replace(cached, survey=survey)


def _compute(
    survey: Survey,
    grouping_key: str,
    text_sample: int,
    rounds: list[Survey],
    fine: dict[int, list[result_blocks.FineStamp]],
    *,
    use_cache: bool = True,
) -> SurveyResults:
    with result_blocks.roomy_sorts():
        return _compute_figures(
            survey, grouping_key, text_sample, rounds, fine, use_cache=use_cache
        )


def _compute_figures(
    survey: Survey,
    grouping_key: str,
    text_sample: int,
    series: list[Survey],
    fine: dict[int, list[result_blocks.FineStamp]],
    *,
    use_cache: bool,
) -> SurveyResults:
    min_group = min_group_for(survey)
    blocks = result_blocks.Blocks.build(fine.get(survey.pk, []), use_cache=use_cache)
    cat = catalogue([survey.pk], current_version_id=survey.current_version_id)
    total = respondents([survey.pk], cat, blocks=blocks).get("", 0)
    groupings = groupings_for(cat)
    grouping = next((g for g in groupings if g.key == grouping_key), None)
    empty = SurveyResults(
        survey=survey,
        min_group=min_group,
        respondents=None,
        questions=(),
        groupings=tuple(groupings),
        grouping=grouping,
        group_sizes=(),
        comparisons={},
        rounds=(),
        trends=(),
        scores=(),
        group_scores=(),
    )
    if stats.is_suppressed(total, min_group):
        return empty
    overall = tallies([survey.pk], cat, blocks=blocks).get("", _Tally())
    texts = text_samples(survey, cat, text_sample) if text_sample else {}
    questions = []
    for meta in cat.questions:
        result = question_result(meta, overall, min_group)
        if meta.kind in TEXT_KINDS and not result.suppressed:
            result = replace(result, texts=tuple(texts.get(meta.key, ())))
        questions.append(result)

    group_sizes: list[GroupRow] = []
    comparisons: dict[str, Comparison] = {}
    group_scores: list[InstrumentScore] = []
    if grouping is not None:
        sizes = respondents([survey.pk], cat, grouping, blocks)
        labels = _group_labels(grouping, cat, sizes)
        order = sorted(sizes, key=lambda g: (g in (None, ""), labels.get(g, str(g))))
        hidden = stats.suppressed_groups(
            {g: sizes[g] for g in order}, min_group=min_group, total_shown=True
        )
        group_sizes = [
            GroupRow(labels.get(g, str(g)), None if g in hidden else sizes[g], (), g in hidden)
            for g in order
        ]
        per_group = tallies([survey.pk], cat, grouping, blocks)
        for meta in cat.questions:
            if headline_columns(meta) and (grouping.question_key != meta.key):
                comparisons[meta.key] = _comparison(
                    meta, per_group, order, labels, min_group, total_shown=True
                )
        group_scores = instrument_scores(
            [survey.pk], cat, min_group, grouping, labels, blocks=blocks
        )

    rounds: list[Survey] = []
    trends: list[Trend] = []
    if series:
        rounds = list(series)
        if len(rounds) > 1:
            round_ids = [r.pk for r in rounds]
            round_cat = catalogue(round_ids, current_version_id=survey.current_version_id)
            round_grouping = Grouping("round", _("Round"), response_field="survey_id")
            round_blocks = result_blocks.Blocks.build(
                (stamp for r in round_ids for stamp in fine.get(r, [])), use_cache=use_cache
            )
            per_round = tallies(round_ids, round_cat, round_grouping, round_blocks)
            labels = {r.pk: r.round_label or str(r) for r in rounds}
            # Each round keeps the threshold its respondents were promised.
            thresholds = {r.pk: max(min_group, min_group_for(r)) for r in rounds}
            for meta in round_cat.questions:
                present = [r for r in round_ids if meta.key in per_round.get(r, _Tally()).base]
                if len(present) > 1 and headline_columns(meta):
                    trends.append(
                        Trend(
                            meta,
                            _comparison(
                                meta,
                                per_round,
                                round_ids,
                                labels,
                                min_group,
                                total_shown=False,
                                group_min=thresholds,
                            ),
                        )
                    )

    return replace(
        empty,
        respondents=total,
        questions=tuple(questions),
        group_sizes=tuple(group_sizes),
        comparisons=comparisons,
        rounds=tuple(rounds),
        trends=tuple(trends),
        scores=tuple(instrument_scores([survey.pk], cat, min_group, blocks=blocks)),
        group_scores=tuple(group_scores),
    )


# --- aggregate export rows --------------------------------------------------------------------


def aggregate_rows(results: SurveyResults) -> Iterable[list[Any]]:
    """Long-format rows of every shown figure: question, group, item, measure, value, N."""
    everyone = _("All respondents")
    for q in results.questions:
        text = q.meta.text
        if q.suppressed:
            yield [q.meta.key, text, everyone, "", _("hidden (small group)"), "", ""]
            continue
        if q.distribution is not None:
            for o in q.distribution.options:
                yield [q.meta.key, text, everyone, o.label, _("count"), o.count, q.base]
                yield [q.meta.key, text, everyone, o.label, _("share %"), o.percent, q.base]
        if q.scale is not None and q.scale.mean is not None:
            yield [q.meta.key, text, everyone, "", _("mean"), q.scale.mean.mean, q.base]
            if q.scale.mean.low is not None:
                yield [q.meta.key, text, everyone, "", _("95 % CI low"), q.scale.mean.low, q.base]
                yield [q.meta.key, text, everyone, "", _("95 % CI high"), q.scale.mean.high, q.base]
            yield [q.meta.key, text, everyone, "", _("median"), q.scale.median, q.base]
            if q.scale.top_two is not None:
                yield [
                    q.meta.key,
                    text,
                    everyone,
                    "",
                    _("top two %"),
                    q.scale.top_two.percent,
                    q.base,
                ]
            if q.scale.nps is not None:
                yield [q.meta.key, text, everyone, "", _("NPS"), q.scale.nps.score, q.base]
        for r in q.rows:
            if r.scale.suppressed:
                yield [q.meta.key, text, everyone, r.label, _("hidden (small group)"), "", ""]
                continue
            for o in r.distribution.options:
                yield [
                    q.meta.key,
                    text,
                    everyone,
                    f"{r.label}: {o.label}",
                    _("share %"),
                    o.percent,
                    r.scale.n,
                ]
            if r.scale.mean is not None:
                yield [q.meta.key, text, everyone, r.label, _("mean"), r.scale.mean.mean, r.scale.n]
            if r.scale.top_two is not None:
                yield [
                    q.meta.key,
                    text,
                    everyone,
                    r.label,
                    _("top two %"),
                    r.scale.top_two.percent,
                    r.scale.n,
                ]
        for rank in q.ranking:
            yield [q.meta.key, text, everyone, rank.label, _("mean rank"), rank.mean_rank, rank.n]
        comparison = results.comparisons.get(q.meta.key)
        if comparison is not None:
            for row in comparison.rows:
                for column, cell in zip(comparison.columns, row.cells, strict=True):
                    yield [
                        q.meta.key,
                        text,
                        row.label,
                        column,
                        _("hidden (small group)") if row.hidden else _("value"),
                        cell,
                        "" if row.n is None else row.n,
                    ]
    for s in (*results.scores, *results.group_scores):
        label = s.label or everyone
        if s.suppressed:
            yield ["", s.name, label, "", _("hidden (small group)"), "", ""]
            continue
        yield ["", s.name, label, "", _("score (mean)"), s.mean, s.n]
        if s.low is not None:
            yield ["", s.name, label, "", _("95 % CI low"), s.low, s.n]
            yield ["", s.name, label, "", _("95 % CI high"), s.high, s.n]


def aggregate_header() -> list[str]:
    return [
        _("Question key"),
        _("Question"),
        _("Group"),
        _("Item"),
        _("Measure"),
        _("Value"),
        _("N"),
    ]
