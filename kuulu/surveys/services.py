"""Writes for surveys: building (with automatic versioning), invitations, responding page by
page, submission, and adding instruments.

Versioning: every change to the questionnaire goes through `draft_version`. A version that has
responses is frozen; changing it first copies it to a new version, which becomes the survey's
current version, and the change is made to the copy. Responses keep pointing to the version
they answered, so editing never loses anything.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.errors import duplicate_error
from kuulu.organisation.models import Municipality, Person, Unit
from kuulu.surveys.answers import (
    AnswerError,
    Questionnaire,
    answer_rows,
    clean_page,
    clean_question,
    load_questionnaire,
    parse_date,
    values_from_answers,
)
from kuulu.surveys.models import (
    Choice,
    Condition,
    Instrument,
    Invitation,
    MatrixRow,
    Page,
    Participation,
    Question,
    Response,
    Survey,
    SurveyVersion,
    hash_token,
    participation_key,
)

LANGS = ("fi", "sv", "en")
Kind = Question.Kind


class SurveyClosed(Exception):
    """The survey does not take answers now (not open yet, closed, or a draft)."""


class AlreadyAnswered(Exception):
    """The invitation or person has already submitted this survey."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


# --- versions ------------------------------------------------------------------------------


@dataclass
class VersionCopy:
    version: SurveyVersion
    pages: dict[int, Page] = field(default_factory=dict)
    questions: dict[int, Question] = field(default_factory=dict)

    def page(self, page: Page) -> Page:
        return self.pages.get(page.pk, page)

    def question(self, question: Question) -> Question:
        return self.questions.get(question.pk, question)


def _copy_version(old: SurveyVersion) -> VersionCopy:
    number = (
        SurveyVersion.objects.filter(survey_id=old.survey_id).aggregate(m=Max("number"))["m"] or 0
    )
    new = SurveyVersion.objects.create(survey_id=old.survey_id, number=number + 1)
    copy = VersionCopy(new)
    for page in old.pages.order_by("position", "id"):
        old_id = page.pk
        page.pk = None
        page.version = new
        page.save()
        copy.pages[old_id] = page
    for question in old.questions.prefetch_related("choices", "rows").order_by("position", "id"):
        old_id = question.pk
        choices = list(question.choices.all())
        rows = list(question.rows.all())
        question.pk = None
        question.version = new
        question.page = copy.pages[question.page_id]
        question.save()
        copy.questions[old_id] = question
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
        for row in rows:
            row.pk = None
            row.question = question
        MatrixRow.objects.bulk_create(rows)
    for condition in old.conditions.all():
        condition.pk = None
        condition.version = new
        condition.source = copy.questions[condition.source_id]
        if condition.target_question_id:
            condition.target_question = copy.questions[condition.target_question_id]
        if condition.target_page_id:
            condition.target_page = copy.pages[condition.target_page_id]
        condition.save()
    return copy


def draft_version(survey: Survey) -> VersionCopy:
    """The version that may be changed now: the current one, or a copy of it when it is frozen.
    Call inside a transaction; the version row stays locked until it ends, so a respondent
    cannot start on it half-way through an edit."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    survey.refresh_from_db(fields=["current_version"])
    if survey.current_version_id is None:
        version = SurveyVersion.objects.create(survey=survey, number=1)
        survey.current_version = version
        survey.save(update_fields=["current_version", "updated_at"])
        return VersionCopy(version)
    version = SurveyVersion.objects.select_for_update().get(pk=survey.current_version_id)
    if not version.frozen and not version.responses.exists():
        return VersionCopy(version)
    copy = _copy_version(version)
    survey.current_version = copy.version
    survey.save(update_fields=["current_version", "updated_at"])
    record_event(action="create", obj=copy.version, summary="survey version copied for editing")
    return copy


def _freeze(version_id: int) -> None:
    SurveyVersion.objects.filter(pk=version_id, frozen=False).update(frozen=True)


# --- surveys -------------------------------------------------------------------------------

SURVEY_FIELDS = (
    *(f"title_{lang}" for lang in LANGS),
    *(f"description_{lang}" for lang in LANGS),
    *(f"thanks_{lang}" for lang in LANGS),
    "title_fi_plain",
    "description_fi_plain",
    "kind",
    "audience",
    "anonymous",
    "opens_at",
    "closes_at",
    "series",
    "round_label",
    "event",
    "min_group_size",
)


def _check_survey(survey: Survey) -> None:
    errors = {}
    if not (survey.title_fi or "").strip():
        errors["title_fi"] = _("Give the survey a title in Finnish.")
    for name in ("opens_at", "closes_at"):
        if not year_in_range(getattr(survey, name)):
            errors[name] = year_out_of_range_message()
    if errors:
        raise ValidationError(errors)
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        errors["closes_at"] = _("The survey must close after it opens.")
    if survey.min_group_size is not None and survey.min_group_size < 3:
        errors["min_group_size"] = _("Show no group smaller than 3 people.")
    if survey.event_id and survey.event.county_id != survey.county_id:
        errors["event"] = _("Choose an event of the same county.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_survey(*, county: Any, owner: Any, units: Any = (), **data: Any) -> Survey:
    """A new draft survey with its first version and an empty first page."""
    survey = Survey(county=county, owner=owner)
    for name, value in data.items():
        if name not in SURVEY_FIELDS:
            raise TypeError(name)
        setattr(survey, name, value)
    _check_survey(survey)
    survey.save()
    if units:
        survey.units.set(units)
    version = SurveyVersion.objects.create(survey=survey, number=1)
    Page.objects.create(version=version, position=0)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    record_event(action="create", obj=survey, actor=owner, summary="survey created")
    return survey


@transaction.atomic
def update_survey(*, survey: Survey, actor: Any, units: Any = None, **data: Any) -> Survey:
    changed = []
    for name, value in data.items():
        if name not in SURVEY_FIELDS:
            raise TypeError(name)
        if getattr(survey, name) != value:
            setattr(survey, name, value)
            changed.append(name)
    if "anonymous" in changed and Response.objects.filter(survey=survey).exists():
        # Respondents started on the promise the survey made them: answers made anonymous
        # cannot be linked again, and answers given as identified would stay linked.
        raise ValidationError(
            {
                "anonymous": _(
                    "People have already started answering on what this setting promised them, "
                    "so it can no longer be changed. Make a new survey if it must change."
                )
            }
        )
    _check_survey(survey)
    survey.save()
    if units is not None:
        survey.units.set(units)
        changed.append("units")
    record_event(action="update", obj=survey, actor=actor, changed_fields=changed)
    return survey


@transaction.atomic
def set_owner(*, survey: Survey, owner: Any, actor: Any) -> None:
    survey.owner = owner
    survey.save(update_fields=["owner", "updated_at"])
    record_event(action="update", obj=survey, actor=actor, changed_fields=["owner"])


@transaction.atomic
def open_survey(*, survey: Survey, actor: Any) -> Survey:
    """Start taking answers (also re-opens a closed survey)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not Question.objects.filter(version_id=survey.current_version_id).exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.audience == Survey.Audience.STAFF and not survey.units.exists():
        raise ValidationError({"units": _("Choose the units whose staff may answer.")})
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status", "updated_at"])
    record_event(action="update", obj=survey, actor=actor, changed_fields=["status"])
    return survey


@transaction.atomic
def close_survey(*, survey: Survey, actor: Any) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    record_event(action="update", obj=survey, actor=actor, changed_fields=["status"])
    return survey


# --- pages ---------------------------------------------------------------------------------


def _renumber_pages(version: SurveyVersion) -> None:
    for position, page in enumerate(version.pages.order_by("position", "id")):
        if page.position != position:
            Page.objects.filter(pk=page.pk).update(position=position)


@transaction.atomic
def add_page(*, survey: Survey, actor: Any, **titles: str) -> Page:
    version = draft_version(survey).version
    position = (version.pages.aggregate(m=Max("position"))["m"] or 0) + 1
    page = Page.objects.create(version=version, position=position, **_only(titles, PAGE_FIELDS))
    _renumber_pages(version)
    record_event(action="create", obj=page, actor=actor)
    page.refresh_from_db()
    return page


PAGE_FIELDS = (*(f"title_{lang}" for lang in LANGS), "title_fi_plain")


def _only(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    return data


@transaction.atomic
def update_page(*, survey: Survey, page: Page, actor: Any, **titles: str) -> Page:
    page = draft_version(survey).page(page)
    for name, value in _only(titles, PAGE_FIELDS).items():
        setattr(page, name, value)
    page.save()
    record_event(action="update", obj=page, actor=actor, changed_fields=list(titles))
    return page


@transaction.atomic
def move_page(*, survey: Survey, page: Page, actor: Any, step: int) -> None:
    copy = draft_version(survey)
    page = copy.page(page)
    pages = list(copy.version.pages.order_by("position", "id"))
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    target = max(0, min(len(pages) - 1, index + step))
    pages.insert(target, pages.pop(index))
    for position, p in enumerate(pages):
        Page.objects.filter(pk=p.pk).update(position=position)
    _check_condition_order(copy.version)
    record_event(action="update", obj=page, actor=actor, changed_fields=["position"])


@transaction.atomic
def delete_page(*, survey: Survey, page: Page, actor: Any) -> None:
    copy = draft_version(survey)
    page = copy.page(page)
    if copy.version.pages.count() <= 1:
        raise ValidationError(_("A survey needs at least one page."))
    used = Condition.objects.filter(version=copy.version, source__page=page).exclude(
        target_page=page
    )
    used = used.exclude(target_question__page=page)
    if used.exists():
        raise ValidationError(
            _(
                "Questions on this page decide whether other questions are shown. Remove those conditions first."
            )
        )
    record_event(action="delete", obj=page, actor=actor)
    page.delete()
    _renumber_pages(copy.version)


# --- questions -----------------------------------------------------------------------------


@dataclass
class Option:
    """An option of a choice question or a statement of a matrix question."""

    value: str
    labels: dict[str, str]
    plain: str = ""


@dataclass
class QuestionSpec:
    kind: str
    key: str = ""
    text: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    text_fi_plain: str = ""
    help_fi_plain: str = ""
    required: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    scale_labels: dict[str, list[str]] = field(default_factory=dict)
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    max_length: int | None = None
    background: str = ""
    choices: list[Option] = field(default_factory=list)
    rows: list[Option] = field(default_factory=list)


def _unique_key(
    version: SurveyVersion,
    base: str,
    exclude: int | None = None,
    avoid: frozenset[str] = frozenset(),
) -> str:
    base = (slugify(base)[:50] or "q").replace("-", "_")
    taken = set(version.questions.exclude(pk=exclude).values_list("key", flat=True)) | avoid
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _scale_of(kind: str, low: int | None, high: int | None) -> tuple[int, int] | None:
    if kind in (Kind.LIKERT, Kind.MATRIX):
        return (1 if low is None else low, 5 if high is None else high)
    return None


def _shape(spec: QuestionSpec) -> tuple[str, tuple[int, int] | None]:
    return (spec.kind, _scale_of(spec.kind, spec.scale_min, spec.scale_max))


def _answered_keys(version: SurveyVersion) -> dict[str, set[tuple[str, tuple[int, int] | None]]]:
    """The keys that have answers in the survey's other versions, with the type and scale they
    were answered in. Results and exports merge a key's answers across versions, so a key
    answered as one type or scale must not be reused for another."""
    rows = (
        Question.objects.filter(version__survey_id=version.survey_id, answers__isnull=False)
        .exclude(version=version)
        .values_list("key", "kind", "scale_min", "scale_max")
        .distinct()
    )
    out: dict[str, set[tuple[str, tuple[int, int] | None]]] = {}
    for key, kind, low, high in rows:
        out.setdefault(key, set()).add((kind, _scale_of(kind, low, high)))
    return out


def _history_error(
    answered: dict[str, set[tuple[str, tuple[int, int] | None]]], key: str, spec: QuestionSpec
) -> tuple[str, str] | None:
    """(field, message) when earlier answers to `key` were given as another type of question
    ("kind") or on another scale ("scale_max"); None when they fit the spec."""
    earlier = answered.get(key, set())
    if not earlier or earlier == {_shape(spec)}:
        return None
    message = _(
        "Earlier answers to this question were given as another type of question or on "
        "another scale. Keep its type and scale, or give it a new key so that the results "
        "count it as a new question."
    )
    return ("kind" if any(kind != spec.kind for kind, _scale in earlier) else "scale_max", message)


# The columns' sizes: a longer option or statement was a DataError (a 500) on PostgreSQL.
CHOICE_LABEL_MAX = Choice._meta.get_field("label").max_length or 300
ROW_LABEL_MAX = MatrixRow._meta.get_field("label").max_length or 300


def _too_long(option: Option, limit: int) -> bool:
    return any(len(text or "") > limit for text in (*option.labels.values(), option.plain))


def _check_spec(spec: QuestionSpec) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spec.kind not in Kind.values:
        errors["kind"] = _("Choose a question type.")
        return errors
    if not (spec.text.get("fi") or "").strip():
        errors["text_fi"] = _("Write the question in Finnish.")
    if spec.kind in Question.CHOICE_KINDS:
        if len(spec.choices) < 2:
            errors["choices"] = _("Give at least two options.")
        values = [o.value for o in spec.choices]
        if len(set(values)) != len(values):
            errors["choices"] = _("Every option needs its own value.")
        if any(not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", o.value) for o in spec.choices):
            errors["choices"] = _("Option values may contain only letters, numbers, - and _.")
        if any(_too_long(o, CHOICE_LABEL_MAX) for o in spec.choices):
            errors["choices"] = _("Keep each option within %(limit)s characters.") % {
                "limit": CHOICE_LABEL_MAX
            }
    if spec.kind == Kind.MATRIX:
        if not spec.rows:
            errors["rows"] = _("Give at least one statement.")
        keys = [o.value for o in spec.rows]
        if len(set(keys)) != len(keys):
            errors["rows"] = _("Every statement needs its own key.")
        if any(not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", key) for key in keys):
            errors["rows"] = _(
                "Statement keys may contain only letters, numbers, - and _, at most 60 of them."
            )
        if any(_too_long(o, ROW_LABEL_MAX) for o in spec.rows):
            errors["rows"] = _("Keep each statement within %(limit)s characters.") % {
                "limit": ROW_LABEL_MAX
            }
    if spec.kind in (Kind.LIKERT, Kind.MATRIX):
        low = 1 if spec.scale_min is None else spec.scale_min
        high = 5 if spec.scale_max is None else spec.scale_max
        if high <= low or high - low > 10:
            errors["scale_max"] = _("A scale has 2 to 11 points, ending above where it starts.")
        else:
            for lang, labels in (spec.scale_labels or {}).items():
                if labels and len(labels) != high - low + 1:
                    errors["scale_labels"] = _(
                        "Give one label per scale point (%(count)s), or leave them all empty."
                    ) % {"count": high - low + 1}
                    break
                if lang not in (*LANGS, "fi_plain"):
                    errors["scale_labels"] = _("Scale labels are given per language.")
    if spec.kind == Kind.SCALE_0_10:
        for labels in (spec.scale_labels or {}).values():
            if labels and len(labels) != 11:
                errors["scale_labels"] = _(
                    "Give one label per scale point (%(count)s), or leave them all empty."
                ) % {"count": 11}
    if (
        spec.kind == Kind.NUMBER
        and spec.number_min is not None
        and spec.number_max is not None
        and spec.number_max < spec.number_min
    ):
        errors["number_max"] = _("The largest number cannot be below the smallest.")
    if spec.max_length is not None and spec.max_length < 1:
        errors["max_length"] = _("Allow at least one character.")
    if spec.background and spec.kind != Kind.SINGLE:
        errors["background"] = _("Only a single-choice question can be a background question.")
    return errors


def _apply_spec(question: Question, spec: QuestionSpec) -> None:
    question.kind = spec.kind
    for lang in LANGS:
        setattr(question, f"text_{lang}", spec.text.get(lang, "") or "")
        setattr(question, f"help_text_{lang}", spec.help.get(lang, "") or "")
    question.text_fi_plain = spec.text_fi_plain
    question.help_fi_plain = spec.help_fi_plain
    question.required = spec.required
    scaled = spec.kind in (Kind.LIKERT, Kind.MATRIX)
    question.scale_min = (1 if spec.scale_min is None else spec.scale_min) if scaled else None
    question.scale_max = (5 if spec.scale_max is None else spec.scale_max) if scaled else None
    if spec.kind == Kind.SCALE_0_10:
        question.scale_min, question.scale_max = 0, 10
    question.scale_labels = (
        {k: v for k, v in spec.scale_labels.items() if v}
        if spec.kind in Question.SCALE_KINDS
        else {}
    )
    question.number_min = spec.number_min if spec.kind == Kind.NUMBER else None
    question.number_max = spec.number_max if spec.kind == Kind.NUMBER else None
    question.max_length = (
        spec.max_length if spec.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT) else None
    )
    question.background = spec.background


def _write_options(question: Question, spec: QuestionSpec) -> None:
    """Replace the options and statements, keeping rows whose value stays (answers of earlier
    versions point to the rows of their own version, so nothing answered is touched here)."""
    wanted = spec.choices if question.kind in Question.CHOICE_KINDS else []
    existing = {c.value: c for c in question.choices.all()}
    for position, option in enumerate(wanted):
        choice = existing.pop(option.value, None) or Choice(question=question, value=option.value)
        choice.position = position
        for lang in LANGS:
            setattr(choice, f"label_{lang}", option.labels.get(lang, "") or "")
        choice.label_fi_plain = option.plain
        choice.save()
    for choice in existing.values():
        choice.delete()
    rows = spec.rows if question.kind == Kind.MATRIX else []
    existing_rows = {r.key: r for r in question.rows.all()}
    for position, option in enumerate(rows):
        row = existing_rows.pop(option.value, None) or MatrixRow(
            question=question, key=option.value
        )
        row.position = position
        for lang in LANGS:
            setattr(row, f"label_{lang}", option.labels.get(lang, "") or "")
        row.label_fi_plain = option.plain
        row.save()
    for row in existing_rows.values():
        row.delete()


@transaction.atomic
def add_question(*, survey: Survey, page: Page, spec: QuestionSpec, actor: Any) -> Question:
    copy = draft_version(survey)
    page = copy.page(page)
    errors = _check_spec(spec)
    answered = _answered_keys(copy.version)
    if spec.key and copy.version.questions.filter(key=spec.key).exists():
        errors["key"] = _("Another question of this survey already has this key.")
    elif spec.key and not errors and (clash := _history_error(answered, spec.key, spec)):
        errors["key"] = clash[1]
    if errors:
        raise ValidationError(errors)
    question = Question(version=copy.version, page=page)
    # A key made up here never takes over an earlier version's answered question.
    question.key = spec.key or _unique_key(
        copy.version, spec.text.get("fi", ""), avoid=frozenset(answered)
    )
    question.position = (page.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    _apply_spec(question, spec)
    question.save()
    _write_options(question, spec)
    record_event(action="create", obj=question, actor=actor)
    return question


LOCKED_FIELDS = ("kind", "text", "help", "text_fi_plain", "scale", "choices", "rows")


@transaction.atomic
def update_question(
    *, survey: Survey, question: Question, spec: QuestionSpec, actor: Any
) -> Question:
    """Change a question. A question of a locked-wording instrument keeps its wording, type,
    scale and options; only whether it is required can change."""
    copy = draft_version(survey)
    question = copy.question(question)
    if question.locked:
        before = spec_of(question)
        spec.key = question.key
        if (
            spec.kind != before.kind
            or {k: v for k, v in spec.text.items() if v}
            != {k: v for k, v in before.text.items() if v}
            or {k: v for k, v in spec.help.items() if v}
            != {k: v for k, v in before.help.items() if v}
            or spec.text_fi_plain != before.text_fi_plain
            or (spec.scale_min, spec.scale_max) != (before.scale_min, before.scale_max)
            or spec.scale_labels != before.scale_labels
            or [(o.value, o.labels) for o in spec.choices]
            != [(o.value, o.labels) for o in before.choices]
            or [(o.value, o.labels) for o in spec.rows]
            != [(o.value, o.labels) for o in before.rows]
        ):
            raise ValidationError(
                {
                    "text_fi": _(
                        "This question comes from an instrument whose wording may not be "
                        "changed. Only whether an answer is required can be changed."
                    )
                }
            )
    errors = _check_spec(spec)
    key = spec.key or question.key
    if key != question.key and copy.version.questions.filter(key=key).exists():
        errors["key"] = _("Another question of this survey already has this key.")
    elif (
        not errors
        and (
            key != question.key
            or _shape(spec)
            != (question.kind, _scale_of(question.kind, question.scale_min, question.scale_max))
        )
        and (clash := _history_error(_answered_keys(copy.version), key, spec))
    ):
        errors[clash[0]] = clash[1]
    if errors:
        raise ValidationError(errors)
    if spec.kind != question.kind and question.dependent_conditions.exists():
        raise ValidationError(
            {"kind": _("Other questions depend on this one; remove those conditions first.")}
        )
    question.key = key
    _apply_spec(question, spec)
    question.save()
    _write_options(question, spec)
    record_event(action="update", obj=question, actor=actor)
    return question


def spec_of(question: Question) -> QuestionSpec:
    """A question as a spec (to prefill the editing form, and to compare locked wording)."""
    return QuestionSpec(
        kind=question.kind,
        key=question.key,
        text={lang: getattr(question, f"text_{lang}") or "" for lang in LANGS},
        help={lang: getattr(question, f"help_text_{lang}") or "" for lang in LANGS},
        text_fi_plain=question.text_fi_plain,
        help_fi_plain=question.help_fi_plain,
        required=question.required,
        scale_min=question.scale_min,
        scale_max=question.scale_max,
        scale_labels=dict(question.scale_labels or {}),
        number_min=question.number_min,
        number_max=question.number_max,
        max_length=question.max_length,
        background=question.background,
        choices=[
            Option(
                c.value,
                {lang: getattr(c, f"label_{lang}") or "" for lang in LANGS},
                c.label_fi_plain,
            )
            for c in question.choices.all()
        ],
        rows=[
            Option(
                r.key, {lang: getattr(r, f"label_{lang}") or "" for lang in LANGS}, r.label_fi_plain
            )
            for r in question.rows.all()
        ],
    )


@transaction.atomic
def move_question(
    *, survey: Survey, question: Question, actor: Any, step: int = 0, page: Page | None = None
) -> None:
    """Move a question up or down on its page, or to the end of another page."""
    copy = draft_version(survey)
    question = copy.question(question)
    if page is not None:
        question.page = copy.page(page)
        question.position = (question.page.questions.aggregate(m=Max("position"))["m"] or 0) + 1
        question.save(update_fields=["page", "position"])
    siblings = list(question.page.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = max(0, min(len(siblings) - 1, index + step))
    siblings.insert(target, siblings.pop(index))
    for position, q in enumerate(siblings):
        Question.objects.filter(pk=q.pk).update(position=position)
    _check_condition_order(copy.version)
    record_event(action="update", obj=question, actor=actor, changed_fields=["position"])


@transaction.atomic
def delete_question(*, survey: Survey, question: Question, actor: Any) -> None:
    copy = draft_version(survey)
    question = copy.question(question)
    if question.dependent_conditions.exclude(target_question=question).exists():
        raise ValidationError(
            _("Other questions or pages depend on this question; remove those conditions first.")
        )
    record_event(action="delete", obj=question, actor=actor)
    question.delete()


# --- conditions ----------------------------------------------------------------------------


def _check_condition_order(version: SurveyVersion) -> None:
    """A condition's source must be on an earlier page than its target: pages are answered one
    at a time, so a later answer cannot decide what an earlier page shows."""
    for condition in version.conditions.select_related(
        "source__page", "target_question__page", "target_page"
    ):
        target_page = condition.target_page or condition.target_question.page
        if condition.source.page.position >= target_page.position:
            raise ValidationError(
                _(
                    "A question can only depend on an answer given on an earlier page; "
                    "this change would break that order."
                )
            )


@transaction.atomic
def add_condition(
    *,
    survey: Survey,
    source: Question,
    operator: str,
    values: list[str],
    actor: Any,
    target_question: Question | None = None,
    target_page: Page | None = None,
) -> Condition:
    copy = draft_version(survey)
    source = copy.question(source)
    target_question = copy.question(target_question) if target_question else None
    target_page = copy.page(target_page) if target_page else None
    errors: dict[str, str] = {}
    if operator not in Condition.Operator.values:
        errors["operator"] = _("Choose how the answer is compared.")
    values = [str(v).strip() for v in values if str(v).strip()]
    if operator != Condition.Operator.ANSWERED and not values:
        errors["values"] = _("Give the value to compare with.")
    if source.kind in Question.CHOICE_KINDS:
        known = set(source.choices.values_list("value", flat=True))
        if any(v not in known for v in values):
            errors["values"] = _("Use the option values of the question: %(values)s.") % {
                "values": ", ".join(sorted(known))
            }
        if operator in (Condition.Operator.GTE, Condition.Operator.LTE):
            errors["operator"] = _("Options cannot be compared as numbers.")
    elif source.kind in (Kind.LIKERT, Kind.SCALE_0_10, Kind.NUMBER):
        for value in values:
            try:
                number = Decimal(value.replace(",", "."))
            except ArithmeticError:
                number = None
            # "NaN" and "Infinity" parse as decimals, but comparing with NaN raises an error
            # on every respondent's page.
            if number is None or not number.is_finite():
                errors["values"] = _("Give numbers to compare with.")
        values = [v.replace(",", ".") for v in values]
    elif source.kind == Kind.DATE:
        # Answers are stored as 2024-05-31 and compared as text: a value written as the form
        # shows dates (31.5.2024) would compare wrongly, so it is read and stored the same way.
        try:
            values = [parse_date(v).isoformat() for v in values]
        except AnswerError as exc:
            errors["values"] = str(exc)
    elif source.kind == Kind.MATRIX:
        errors["source"] = _("A matrix question cannot decide what is shown.")
    target = target_page or (target_question.page if target_question else None)
    if target is None:
        errors["target"] = _("Choose what the condition shows.")
    elif source.page.position >= target.position:
        errors["source"] = _("Choose a question on an earlier page.")
    if errors:
        raise ValidationError(errors)
    condition = Condition.objects.create(
        version=copy.version,
        source=source,
        operator=operator,
        values=values,
        target_question=target_question,
        target_page=target_page,
    )
    record_event(action="create", obj=condition, actor=actor)
    return condition


@transaction.atomic
def delete_condition(*, survey: Survey, condition: Condition, actor: Any) -> None:
    copy = draft_version(survey)
    if copy.version.pk != condition.version_id:
        # The condition was copied with the version: find its copy.
        old = condition
        source = copy.questions[old.source_id].pk
        target_q = copy.questions[old.target_question_id].pk if old.target_question_id else None
        target_p = copy.pages[old.target_page_id].pk if old.target_page_id else None
        condition = next(
            c
            for c in copy.version.conditions.all()
            if (c.source_id, c.operator, c.values, c.target_question_id, c.target_page_id)
            == (source, old.operator, old.values, target_q, target_p)
        )
    record_event(action="delete", obj=condition, actor=actor)
    condition.delete()


# --- instruments ---------------------------------------------------------------------------


@transaction.atomic
def add_instrument(*, survey: Survey, instrument: Instrument, actor: Any) -> Page:
    """Copy an instrument's items to a new page as questions linked to their items."""
    copy = draft_version(survey)
    version = copy.version
    position = (version.pages.aggregate(m=Max("position"))["m"] or 0) + 1
    page = Page.objects.create(
        version=version,
        position=position,
        **{f"title_{lang}": getattr(instrument, f"name_{lang}") or "" for lang in LANGS},
    )
    for index, item in enumerate(instrument.items.order_by("position", "id")):
        key = item.key
        if version.questions.filter(key=key).exists():
            key = _unique_key(version, f"{instrument.key}_{item.key}")
        question = Question(
            version=version,
            page=page,
            position=index,
            key=key,
            kind=item.kind,
            required=item.required,
            text_fi_plain=item.text_fi_plain,
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            scale_labels=item.scale_labels or {},
            instrument_item=item,
        )
        if item.kind == Kind.SCALE_0_10:
            question.scale_min, question.scale_max = 0, 10
        for lang in LANGS:
            setattr(question, f"text_{lang}", getattr(item, f"text_{lang}") or "")
        question.save()
        for c_position, choice in enumerate(item.choices or []):
            labels = choice.get("label") or {}
            Choice.objects.create(
                question=question,
                position=c_position,
                value=choice["value"],
                **{f"label_{lang}": labels.get(lang, "") for lang in LANGS},
                label_fi_plain=labels.get("fi_plain", ""),
            )
    _renumber_pages(version)
    record_event(action="create", obj=page, actor=actor, summary="instrument added to survey")
    page.refresh_from_db()
    return page


# --- invitations ---------------------------------------------------------------------------


def _send_after_commit(invitation_ids: list[int]) -> None:
    from kuulu.surveys.tasks import send_survey_invitation

    for invitation_id in invitation_ids:
        transaction.on_commit(partial(send_survey_invitation.enqueue, invitation_id=invitation_id))


@transaction.atomic
def invite_emails(
    *, survey: Survey, emails: list[str], language: str, actor: Any
) -> tuple[int, int]:
    """Invite addresses; an address already invited is skipped. Returns (new, skipped)."""
    created, skipped = [], 0
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        person = Person.objects.filter(county_id=survey.county_id, email__iexact=email).first()
        lang = language
        if person is not None and person.user_id is not None:
            lang = person.user.language
        invitation, new = Invitation.objects.get_or_create(
            survey=survey,
            email=email,
            defaults={"person": person, "language": lang},
        )
        if new:
            created.append(invitation.pk)
        else:
            skipped += 1
    _send_after_commit(created)
    record_event(action="create", obj=survey, actor=actor, summary=f"{len(created)} invitations")
    return len(created), skipped


@transaction.atomic
def invite_unit_staff(*, survey: Survey, units: list[Unit], actor: Any) -> tuple[int, int]:
    """Invite the active staff (with an email address) of the units' subtrees."""
    emails: list[str] = []
    for unit in units:
        emails += list(
            Person.objects.filter(
                county_id=survey.county_id,
                kind=Person.Kind.STAFF,
                is_active=True,
                unit__path__startswith=unit.path,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return invite_emails(survey=survey, emails=emails, language="fi", actor=actor)


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor: Any) -> None:
    if invitation.used_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    _send_after_commit([invitation.pk])
    record_event(action="update", obj=invitation, actor=actor, summary="invitation re-sent")


def issue_invitation_token(invitation_id: int) -> str | None:
    """Make a new token for an unused invitation and keep only its hash (called when the email
    is sent). An earlier link stops working."""
    raw = new_token()
    updated = Invitation.objects.filter(pk=invitation_id, used_at__isnull=True).update(
        token_hash=hash_token(raw), sent_at=timezone.now()
    )
    return raw if updated else None


def invitation_for_token(raw: str) -> Invitation | None:
    if not raw or len(raw) > 100:
        return None
    return Invitation.objects.select_related("survey").filter(token_hash=hash_token(raw)).first()


# --- responding ----------------------------------------------------------------------------


def _check_open(survey: Survey) -> None:
    if not survey.is_accepting():
        raise SurveyClosed(_("This survey is closed and no longer takes answers."))


def start_response(
    *,
    survey: Survey,
    user: Any = None,
    invitation: Invitation | None = None,
    language: str = "fi",
    plain: bool = False,
) -> tuple[Response, str | None]:
    """The respondent's response in progress, started now if there is none.

    Returns (response, resume token). The resume token is made only for a new response without
    a signed-in user or an invitation (whose links already find it again).
    """
    _check_open(survey)
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    if invitation is not None:
        if invitation.used_at is not None:
            raise AlreadyAnswered(_("This invitation has already been used to answer."))
        existing = Response.objects.filter(invitation=invitation).first()
        if existing is not None:
            return existing, None
    elif user is not None:
        existing = Response.objects.filter(
            survey=survey, user=user, status=Response.Status.IN_PROGRESS
        ).first()
        if existing is not None:
            return existing, None
        answered = Participation.objects.filter(
            survey=survey, person_key=participation_key(survey.pk, user.pk)
        )
        if answered.exists():
            raise AlreadyAnswered(_("You have already answered this survey."))
    raw = None if (invitation is not None or user is not None) else new_token()
    try:
        with transaction.atomic():
            survey.refresh_from_db(fields=["current_version"])
            _freeze(survey.current_version_id)
            response = Response.objects.create(
                survey=survey,
                version_id=survey.current_version_id,
                invitation=invitation,
                user=user,
                language=language,
                plain_language=plain and survey.has_plain_finnish,
                resume_token_hash=hash_token(raw) if raw else "",
            )
    except IntegrityError:
        # Another request of the same invitation or person started it first: use theirs.
        existing = Response.objects.filter(
            survey=survey, **({"invitation": invitation} if invitation else {"user": user})
        ).first()
        if existing is None or existing.status == Response.Status.SUBMITTED:
            raise AlreadyAnswered(_("This survey has already been answered.")) from None
        return existing, None
    return response, raw


def response_for_resume_token(survey: Survey, raw: str) -> Response | None:
    if not raw or len(raw) > 100:
        return None
    return Response.objects.filter(
        survey=survey, resume_token_hash=hash_token(raw), status=Response.Status.IN_PROGRESS
    ).first()


def renew_resume_token(*, response: Response) -> str:
    """A new resume link for a response in progress; the previous one stops working."""
    raw = new_token()
    Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
        resume_token_hash=hash_token(raw)
    )
    response.resume_token_hash = hash_token(raw)
    return raw


def stored_values(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    return values_from_answers(questionnaire, list(response.answers.all()))


def current_page(questionnaire: Questionnaire, response: Response) -> Page | None:
    """The page the respondent is on: the first shown page at or after their place."""
    _values, pages = questionnaire.prune(stored_values(questionnaire, response))
    return next((p for p in pages if p.position >= response.next_page), None)


def _write_values(
    questionnaire: Questionnaire, response: Response, keys: set[str], values: dict[str, Any]
) -> None:
    """Replace the stored answers of `keys` with `values` (which may omit some keys)."""
    question_ids = [questionnaire.by_key[k].pk for k in keys if k in questionnaire.by_key]
    response.answers.filter(question_id__in=question_ids).delete()
    rows = []
    for key in keys:
        if key in values:
            rows += answer_rows(response.pk, questionnaire.by_key[key], values[key])
    response.answers.model.objects.bulk_create(rows)


def _prune_hidden(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    """Delete the answers of questions that the current answers hide; returns what is kept."""
    values = stored_values(questionnaire, response)
    kept, _pages = questionnaire.prune(values)
    hidden = set(values) - set(kept)
    if hidden:
        response.answers.filter(
            question_id__in=[questionnaire.by_key[k].pk for k in hidden]
        ).delete()
    return kept


def save_page(*, response: Response, page_id: int, raw: dict[str, Any]) -> Page | None:
    """Validate and save one page's answers; nothing is saved when any answer is invalid
    (ValidationError keyed by question key). Returns the next page to show, or None when
    this was the last one."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("survey", "version")
            .get(pk=response.pk)
        )
        if response.status == Response.Status.SUBMITTED:
            raise AlreadyAnswered(_("This response has already been submitted."))
        _check_open(response.survey)
        questionnaire = load_questionnaire(response.version)
        values, pages = questionnaire.prune(stored_values(questionnaire, response))
        page = next((p for p in pages if p.pk == page_id), None)
        if page is None or page.position > response.next_page:
            raise ValidationError(
                _("This page is not part of your survey now. Continue from where you are.")
            )
        shown = questionnaire.visible_questions(page, values)
        cleaned, errors = clean_page(shown, raw)
        if errors:
            raise ValidationError(errors)
        _write_values(
            questionnaire, response, {q.key for q in questionnaire.questions(page)}, cleaned
        )
        kept = _prune_hidden(questionnaire, response)
        _kept, pages = questionnaire.prune(kept)
        following = next((p for p in pages if p.position > page.position), None)
        response.next_page = following.position if following else page.position + 1
        response.save(update_fields=["next_page"])
        return following


def go_back(*, response: Response) -> Page | None:
    """Step back to the previous shown page without saving the current one."""
    response.refresh_from_db(fields=["next_page"])
    questionnaire = load_questionnaire(response.version)
    _values, pages = questionnaire.prune(stored_values(questionnaire, response))
    earlier = [p for p in pages if p.position < response.next_page]
    if not earlier:
        return None
    page = earlier[-1]
    Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
        next_page=page.position
    )
    response.next_page = page.position
    return page


def _background(response: Response, questionnaire: Questionnaire, values: dict[str, Any]) -> None:
    person = None
    if response.invitation_id and response.invitation.person_id:
        person = response.invitation.person
    elif response.user_id:
        person = Person.objects.select_related("unit").filter(user_id=response.user_id).first()
    if person is not None and person.kind == Person.Kind.STAFF and person.unit_id:
        unit = person.unit
        response.respondent_group = (
            Response.Group.MANAGER if person.is_manager else Response.Group.STAFF
        )
        response.unit = unit
        root_id = int(unit.path.split("/")[0]) if unit.path else unit.pk
        response.service_area_id = root_id
        municipalities = list(unit.municipalities.all()[:2])
        if len(municipalities) == 1:
            response.municipality = municipalities[0]
    county_id = response.survey.county_id
    for question in questionnaire.by_key.values():
        value = values.get(question.key)
        if not question.background or not isinstance(value, str):
            continue
        if question.background == Question.Background.GROUP:
            response.respondent_group = value[:60]
        elif question.background == Question.Background.MUNICIPALITY:
            response.municipality = Municipality.objects.filter(
                county_id=county_id, code=value
            ).first()
        elif question.background == Question.Background.SERVICE_AREA:
            response.service_area = Unit.objects.filter(county_id=county_id, code=value).first()


def submit_response(*, response: Response) -> Response:
    """Submit a response in progress. Required questions must be answered on every shown page.

    One response per invitation: the invitation is marked used with a conditional UPDATE, so
    of two concurrent submissions only one succeeds and the first is kept. One response per
    signed-in person: a `Participation` row (unique per survey and person). Anonymous surveys
    then drop the link to the person and the invitation.
    """
    now = timezone.now()
    with transaction.atomic():
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("survey", "version", "invitation__person__unit")
            .get(pk=response.pk)
        )
        survey = response.survey
        if response.status == Response.Status.SUBMITTED:
            raise AlreadyAnswered(_("This response has already been submitted."))
        _check_open(survey)
        questionnaire = load_questionnaire(response.version)
        kept = _prune_hidden(questionnaire, response)
        missing = questionnaire.required_missing(kept)
        if missing:
            first_page = min(missing.values(), key=lambda p: p.position)
            Response.objects.filter(pk=response.pk).update(next_page=first_page.position)
            raise ValidationError({key: _("This question needs an answer.") for key in missing})
        if response.invitation_id is not None:
            used_at = now
            if survey.anonymous:  # to the day only, see below
                used_at = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            used = Invitation.objects.filter(
                pk=response.invitation_id, used_at__isnull=True
            ).update(used_at=used_at)
            if not used:
                raise duplicate_error(
                    "invitation", _("This invitation has already been used to answer.")
                )
        if response.user_id is not None:
            try:
                with transaction.atomic():
                    Participation.objects.create(survey=survey, user_id=response.user_id)
            except IntegrityError:
                raise duplicate_error("user", _("You have already answered this survey.")) from None
        _background(response, questionnaire, kept)
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        if survey.anonymous:
            response.user = None
            response.invitation = None
            # Times only to the day: an exact time could be matched with the invitation's or the
            # participation's own timestamp and so tell who answered.
            day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            response.submitted_at = day
            response.started_at = day
        response.resume_token_hash = ""
        response.save()
    # Anonymous responses are not linked to anyone in the audit log either.
    record_event(
        action="create",
        object_type="surveys.response",
        object_id="" if survey.anonymous else response.pk,
        summary=f"response submitted to survey {survey.pk}",
        actor=None if survey.anonymous else response.user,
    )
    return response


def submit_answers(
    *,
    survey: Survey,
    raw: dict[str, Any],
    user: Any = None,
    invitation: Invitation | None = None,
    language: str = "fi",
) -> Response:
    """Answer every page at once (the API). Validated page by page exactly as the web form,
    all errors together; answers to hidden questions are discarded."""
    _check_open(survey)
    version = SurveyVersion.objects.get(pk=survey.current_version_id)
    questionnaire = load_questionnaire(version)
    errors: dict[str, str] = {}
    unknown = [k for k in raw if k not in questionnaire.by_key]
    for key in unknown:
        errors[key] = _("This survey has no such question.")
    values: dict[str, Any] = {}
    for page in questionnaire.pages:
        if not questionnaire.page_visible(page, values):
            continue
        for question in questionnaire.visible_questions(page, values):
            try:
                value = clean_question(question, raw.get(question.key))
            except AnswerError as exc:
                errors[question.key] = str(exc)
                continue
            if value is not None:
                values[question.key] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response, _raw = start_response(
            survey=survey, user=user, invitation=invitation, language=language
        )
        if response.version_id != version.pk:
            # An unfinished web response of an older version: answer the current one instead.
            response.answers.all().delete()
            Response.objects.filter(pk=response.pk).update(version=version)
            response.version = version
        _write_values(questionnaire, response, set(questionnaire.by_key), values)
        return submit_response(response=response)
