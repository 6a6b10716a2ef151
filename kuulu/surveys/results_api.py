"""Aggregate results of a survey over the API, with the same small-group suppression as the
results page: suppressed figures are null and `suppressed` is true. Token authentication; the
token's user must be allowed to see the survey's results."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.integrations.auth import TokenAuth
from kuulu.surveys import results

router = Router(tags=["surveys"])


class OptionOut(Schema):
    value: str
    label: str
    count: int
    percent: int


class ScaleOut(Schema):
    n: int | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    median: float | None
    top_two_percent: int | None
    nps: int | None


class RowOut(Schema):
    key: str
    label: str
    suppressed: bool
    options: list[OptionOut]
    scale: ScaleOut | None


class RankOut(Schema):
    value: str
    label: str
    mean_rank: float
    ranked_first: int
    n: int


class GroupOut(Schema):
    label: str
    n: int | None
    suppressed: bool
    figures: dict[str, str]


class QuestionOut(Schema):
    key: str
    kind: str
    text: str
    base: int | None
    suppressed: bool
    options: list[OptionOut]
    scale: ScaleOut | None
    rows: list[RowOut]
    ranking: list[RankOut]
    groups: list[GroupOut]


class ScoreOut(Schema):
    instrument: str
    group: str
    n: int | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    rescaled: bool
    suppressed: bool


class ResultsOut(Schema):
    survey_id: int
    min_group: int
    respondents: int | None
    suppressed: bool
    grouping: str
    questions: list[QuestionOut]
    scores: list[ScoreOut]


def _options(distribution) -> list[OptionOut]:  # type: ignore[no-untyped-def]
    if distribution is None:
        return []
    return [
        OptionOut(value=o.key, label=o.label, count=o.count, percent=o.percent)
        for o in distribution.options
    ]


def _scale(scale) -> ScaleOut | None:  # type: ignore[no-untyped-def]
    if scale is None or scale.suppressed or scale.mean is None:
        return None
    return ScaleOut(
        n=scale.n,
        mean=scale.mean.mean,
        ci_low=scale.mean.low,
        ci_high=scale.mean.high,
        median=scale.median,
        top_two_percent=scale.top_two.percent if scale.top_two else None,
        nps=scale.nps.score if scale.nps else None,
    )


def _question(q: results.QuestionResult, comparison: results.Comparison | None) -> QuestionOut:
    groups = []
    if comparison is not None:
        for row in comparison.rows:
            groups.append(
                GroupOut(
                    label=row.label,
                    n=row.n,
                    suppressed=row.hidden,
                    figures={}
                    if row.hidden
                    else dict(zip(comparison.columns, row.cells, strict=True)),
                )
            )
    return QuestionOut(
        key=q.meta.key,
        kind=q.meta.kind,
        text=q.meta.text,
        base=q.base,
        suppressed=q.suppressed,
        options=_options(q.distribution),
        scale=_scale(q.scale),
        rows=[
            RowOut(
                key=r.key,
                label=r.label,
                suppressed=r.scale.suppressed,
                options=_options(r.distribution),
                scale=_scale(r.scale),
            )
            for r in q.rows
        ],
        ranking=[
            RankOut(value=r.key, label=r.label, mean_rank=r.mean_rank, ranked_first=r.first, n=r.n)
            for r in q.ranking
        ],
        groups=groups,
    )


@router.get("/{survey_id}/results", response=ResultsOut, auth=TokenAuth())
def survey_results(request: HttpRequest, survey_id: int, group: str = "") -> ResultsOut:
    """Figures per question (and per group with `group`: respondent_group, service_area,
    municipality or q:<question key>), instrument scores with 95 % confidence intervals."""
    survey, _actor = results.access_survey_for_results(request.user, survey_id)
    data = results.survey_results(survey, grouping_key=group, text_sample=0, with_trends=False)
    return ResultsOut(
        survey_id=survey.pk,
        min_group=data.min_group,
        respondents=data.respondents,
        suppressed=data.suppressed,
        grouping=data.grouping.key if data.grouping else "",
        questions=[_question(q, c) for q, c in data.question_rows],
        scores=[
            ScoreOut(
                instrument=s.name,
                group=s.label,
                n=s.n,
                mean=s.mean,
                ci_low=s.low,
                ci_high=s.high,
                rescaled=s.rescaled,
                suppressed=s.suppressed,
            )
            for s in (*data.scores, *data.group_scores)
        ],
    )
