"""Small builders for results and export tests: surveys, questions and submitted responses
written straight to the models (the builder's services are tested on their own)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kuulu.organisation.models import County
from kuulu.surveys.models import (
    Answer,
    Choice,
    MatrixRow,
    Page,
    Question,
    Response,
    Survey,
    SurveyVersion,
)


def make_survey(county: County, **fields: Any) -> Survey:
    values: dict[str, Any] = {"title": "Kysely", "status": Survey.Status.OPEN}
    values.update(fields)
    units = values.pop("units", [])
    survey = Survey.objects.create(county=county, **values)
    if units:
        survey.units.set(units)
    version = SurveyVersion.objects.create(survey=survey, number=1)
    Page.objects.create(version=version, position=0)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    return survey


def new_version(survey: Survey) -> SurveyVersion:
    number = survey.versions.count() + 1
    version = SurveyVersion.objects.create(survey=survey, number=number)
    Page.objects.create(version=version, position=0)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    return version


def add_question(
    survey: Survey,
    key: str,
    kind: str,
    *,
    options: tuple[str, ...] = (),
    rows: tuple[str, ...] = (),
    scale: tuple[int, int] | None = None,
    text: str = "",
    version: SurveyVersion | None = None,
    **fields: Any,
) -> Question:
    version = version or survey.current_version
    page = version.pages.first()
    if scale is None and kind in (Question.Kind.LIKERT, Question.Kind.MATRIX):
        scale = (1, 5)
    question = Question.objects.create(
        version=version,
        page=page,
        position=version.questions.count(),
        key=key,
        kind=kind,
        text=text or key,
        scale_min=scale[0] if scale else None,
        scale_max=scale[1] if scale else None,
        **fields,
    )
    for i, value in enumerate(options):
        Choice.objects.create(question=question, position=i, value=value, label=value.upper())
    for i, row in enumerate(rows):
        MatrixRow.objects.create(question=question, position=i, key=row, label=row.upper())
    return question


def respond(
    survey: Survey,
    answers: dict[str, Any],
    *,
    status: str = Response.Status.SUBMITTED,
    version: SurveyVersion | None = None,
    **fields: Any,
) -> Response:
    version = version or survey.current_version
    response = Response.objects.create(
        survey=survey,
        version=version,
        status=status,
        submitted_at=timezone.now() if status == Response.Status.SUBMITTED else None,
        **fields,
    )
    questions = {q.key: q for q in version.questions.prefetch_related("choices", "rows")}
    rows: list[Answer] = []
    for key, value in answers.items():
        question = questions[key]
        choices = {c.value: c for c in question.choices.all()}
        if question.kind == Question.Kind.SINGLE:
            rows.append(Answer(response=response, question=question, choice=choices[value]))
        elif question.kind == Question.Kind.MULTIPLE:
            rows += [Answer(response=response, question=question, choice=choices[v]) for v in value]
        elif question.kind == Question.Kind.RANKING:
            rows += [
                Answer(response=response, question=question, choice=choices[v], number=i + 1)
                for i, v in enumerate(value)
            ]
        elif question.kind == Question.Kind.MATRIX:
            statement = {r.key: r for r in question.rows.all()}
            rows += [
                Answer(response=response, question=question, matrix_row=statement[k], number=v)
                for k, v in value.items()
            ]
        elif question.kind == Question.Kind.DATE:
            rows.append(Answer(response=response, question=question, date=value))
        elif question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            rows.append(Answer(response=response, question=question, text=value))
        else:
            rows.append(Answer(response=response, question=question, number=Decimal(str(value))))
    Answer.objects.bulk_create(rows)
    return response


def respond_many(survey: Survey, count: int, answers: dict[str, Any], **fields: Any) -> None:
    for _ in range(count):
        respond(survey, answers, **fields)


__all__ = ["add_question", "date", "make_survey", "new_version", "respond", "respond_many"]
