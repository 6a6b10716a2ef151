"""Surveys API: the published schema of a survey and response submission.

Answers are keyed by question key, in the shapes of `answers.py`: single "value", multiple
["value", ...], likert and scale_0_10 an integer, number a number or text, texts text, date
"YYYY-MM-DD", matrix {"row_key": integer}, ranking ["first", "second", ...]. They are
validated exactly like the web form; errors come back as 422 with one entry per question
(`loc`: ["body", "answers", key]).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from kuulu.core.api import error_body
from kuulu.core.errors import is_duplicate
from kuulu.core.ratelimits import public_form_rate
from kuulu.surveys import access, services
from kuulu.surveys.answers import Questionnaire, load_questionnaire
from kuulu.surveys.models import Condition, Invitation, Question, Survey
from kuulu.surveys.services import AlreadyAnswered, SurveyClosed

router = Router(tags=["surveys"])


class OptionOut(Schema):
    value: str
    label: str


class ScalePointOut(Schema):
    value: int
    label: str


class ConditionOut(Schema):
    source: str = Field(description="Key of the question whose answer decides.")
    operator: str
    values: list[str]


class QuestionOut(Schema):
    key: str
    kind: str
    text: str
    help: str
    required: bool
    scale: list[ScalePointOut]
    number_min: Decimal | None
    number_max: Decimal | None
    max_length: int | None
    choices: list[OptionOut]
    rows: list[OptionOut]
    instrument: str | None
    conditions: list[ConditionOut]


class PageOut(Schema):
    id: int
    position: int
    title: str
    conditions: list[ConditionOut]
    questions: list[QuestionOut]


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    audience: str
    anonymous: bool
    status: str
    accepting_answers: bool
    opens_at: datetime | None
    closes_at: datetime | None
    version: int
    language: str
    pages: list[PageOut]


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(description="Answers keyed by question key.")
    token: str | None = Field(
        default=None, max_length=100, description="The invitation token of an invitation survey."
    )
    language: Literal["fi", "sv", "en"] = "fi"


class ResponseOut(Schema):
    id: int | None = Field(description="Empty for anonymous surveys.")
    status: str
    submitted_at: datetime | None


def _conditions(conditions: list[Condition], questionnaire: Questionnaire) -> list[dict]:
    return [
        {
            "source": questionnaire.by_id[c.source_id].key,
            "operator": c.operator,
            "values": [str(v) for v in c.values],
        }
        for c in conditions
    ]


def _text(obj: Any, name: str, plain: bool, plain_name: str = "") -> str:
    if plain and (value := getattr(obj, plain_name or f"{name}_fi_plain", "")):
        return value
    return getattr(obj, name, "") or ""


def _question_out(q: Question, questionnaire: Questionnaire, lang: str, plain: bool) -> dict:
    scale = (
        [{"value": v, "label": label} for v, label in q.labels_for("fi_plain" if plain else lang)]
        if q.kind in Question.SCALE_KINDS
        else []
    )
    return {
        "key": q.key,
        "kind": q.kind,
        "text": _text(q, "text", plain),
        "help": _text(q, "help_text", plain, "help_fi_plain"),
        "required": q.required,
        "scale": scale,
        "number_min": q.number_min,
        "number_max": q.number_max,
        "max_length": q.text_max_length,
        "choices": [
            {"value": c.value, "label": _text(c, "label", plain, "label_fi_plain")}
            for c in q.choices.all()
        ],
        "rows": [
            {"value": r.key, "label": _text(r, "label", plain, "label_fi_plain")}
            for r in q.rows.all()
        ],
        "instrument": q.instrument_item.instrument.key if q.instrument_item_id else None,
        "conditions": _conditions(questionnaire.question_conditions.get(q.pk, []), questionnaire),
    }


def _invitation(survey: Survey, token: str | None) -> Invitation | None:
    if survey.audience != Survey.Audience.INVITATION:
        return None
    invitation = services.invitation_for_token(token or "")
    if invitation is None or invitation.survey_id != survey.pk:
        raise PermissionDenied
    return invitation


@router.get("/{survey_id}", response=SurveyOut, auth=None)
def get_survey(
    request: HttpRequest,
    survey_id: int,
    language: Literal["fi", "sv", "en", "fi-plain"] = "fi",
    token: str | None = None,
) -> dict:
    """The current version of a published survey: pages, questions, options, statements,
    scales and display conditions, in the language asked (fi-plain: plain Finnish where the
    survey has it). Invitation surveys need the invitation `token`."""
    survey = access.access_survey_for_api(request.user, survey_id)
    _invitation(survey, token)
    plain = language == "fi-plain"
    lang = "fi" if plain else language
    with translation.override(lang):
        questionnaire = load_questionnaire(survey.current_version)
        pages = []
        for page in questionnaire.pages:
            pages.append(
                {
                    "id": page.pk,
                    "position": page.position,
                    "title": _text(page, "title", plain),
                    "conditions": _conditions(
                        questionnaire.page_conditions.get(page.pk, []), questionnaire
                    ),
                    "questions": [
                        _question_out(q, questionnaire, lang, plain)
                        for q in questionnaire.questions(page)
                    ],
                }
            )
        return {
            "id": survey.pk,
            "title": _text(survey, "title", plain),
            "description": _text(survey, "description", plain),
            "kind": survey.kind,
            "audience": survey.audience,
            "anonymous": survey.anonymous,
            "status": survey.status,
            "accepting_answers": survey.is_accepting(),
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "version": survey.current_version.number,
            "language": language,
            "pages": pages,
        }


@router.post(
    "/{survey_id}/responses",
    response={201: ResponseOut, 422: dict},
    auth=None,
)
def create_response(request: HttpRequest, survey_id: int, payload: ResponseIn) -> Status:
    """Submit a whole response. 201 when received; 422 with an error per question; 409 when
    the survey is closed or the invitation (or person) has already answered; 403 without a
    valid invitation token for an invitation survey; 404 for drafts."""
    usage = get_usage(
        request,
        group="survey-response",
        key="ip",
        rate=public_form_rate,
        method="POST",
        increment=True,
    )
    if usage and usage["should_limit"]:
        raise HttpError(429, _("Too many responses from this address. Wait a while and try again."))
    survey = access.access_survey_for_api(request.user, survey_id)
    invitation = _invitation(survey, payload.token)
    user = request.user if request.user.is_authenticated else None
    with translation.override(payload.language):
        try:
            response = services.submit_answers(
                survey=survey,
                raw=payload.answers,
                user=user,
                invitation=invitation,
                language=payload.language,
            )
        except SurveyClosed as exc:
            raise HttpError(409, str(exc)) from exc
        except AlreadyAnswered as exc:
            raise HttpError(409, str(exc)) from exc
        except ValidationError as exc:
            if is_duplicate(exc):
                raise HttpError(409, " ".join(exc.messages)) from exc
            errors = (
                [
                    {"loc": ["body", "answers", key], "msg": str(message), "type": "value_error"}
                    for key, messages in exc.message_dict.items()
                    for message in messages
                ]
                if hasattr(exc, "error_dict")
                else [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
            )
            return Status(
                422, error_body(422, "validation_error", _("The answers have errors."), errors)
            )
    return Status(
        201,
        {
            "id": None if survey.anonymous else response.pk,
            "status": response.status,
            "submitted_at": response.submitted_at,
        },
    )
