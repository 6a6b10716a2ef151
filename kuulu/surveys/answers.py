"""Answers: the questionnaire of a version, validation of each question type, conditional logic,
and conversion between input, the canonical value and `Answer` rows.

The web form and the API both turn their input into the same raw shapes and call
`clean_question`, so they accept and refuse exactly the same answers.

Canonical values (JSON-friendly, also what conditions compare against):
single "value", multiple ["value", ...], likert and scale_0_10 int, number "12.5",
short/long text "text", date "2024-05-31", matrix {"row_key": int}, ranking ["first", ...].
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.surveys.models import Answer, Choice, Condition, MatrixRow, Page, Question, SurveyVersion

Kind = Question.Kind


@dataclass
class Questionnaire:
    """A version's pages, questions, options, statements and conditions, loaded in a fixed
    number of queries."""

    version: SurveyVersion
    pages: list[Page]
    questions_by_page: dict[int, list[Question]]
    by_key: dict[str, Question]
    by_id: dict[int, Question]
    page_conditions: dict[int, list[Condition]] = field(default_factory=dict)
    question_conditions: dict[int, list[Condition]] = field(default_factory=dict)

    def questions(self, page: Page) -> list[Question]:
        return self.questions_by_page.get(page.pk, [])

    def page_by_id(self, page_id: int) -> Page | None:
        return next((p for p in self.pages if p.pk == page_id), None)

    def _holds(self, conditions: list[Condition], values: dict[str, Any]) -> bool:
        return all(
            condition_holds(c, self.by_id[c.source_id], values.get(self.by_id[c.source_id].key))
            for c in conditions
        )

    def page_visible(self, page: Page, values: dict[str, Any]) -> bool:
        return self._holds(self.page_conditions.get(page.pk, []), values)

    def question_visible(self, question: Question, values: dict[str, Any]) -> bool:
        return self._holds(self.question_conditions.get(question.pk, []), values)

    def visible_questions(self, page: Page, values: dict[str, Any]) -> list[Question]:
        return [q for q in self.questions(page) if self.question_visible(q, values)]

    def prune(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[Page]]:
        """Drop the values of hidden questions and pages, walking the pages in order (a
        condition's source is always on an earlier page). Returns the kept values and the
        visible pages."""
        kept: dict[str, Any] = {}
        visible_pages = []
        for page in self.pages:
            if not self.page_visible(page, kept):
                continue
            visible_pages.append(page)
            for question in self.questions(page):
                if question.key in values and self.question_visible(question, kept):
                    kept[question.key] = values[question.key]
        return kept, visible_pages

    def required_missing(self, values: dict[str, Any]) -> dict[str, Page]:
        """Required questions that are shown but unanswered, with their pages."""
        kept, pages = self.prune(values)
        missing = {}
        for page in pages:
            for question in self.visible_questions(page, kept):
                if question.required and question.key not in kept:
                    missing[question.key] = page
        return missing


def load_questionnaire(version: SurveyVersion) -> Questionnaire:
    pages = list(version.pages.order_by("position", "id"))
    questions = list(
        version.questions.select_related("instrument_item__instrument")
        .prefetch_related("choices", "rows")
        .order_by("position", "id")
    )
    by_page: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        by_page[question.page_id].append(question)
    page_conditions: dict[int, list[Condition]] = defaultdict(list)
    question_conditions: dict[int, list[Condition]] = defaultdict(list)
    for condition in version.conditions.all():
        if condition.target_page_id:
            page_conditions[condition.target_page_id].append(condition)
        else:
            question_conditions[condition.target_question_id].append(condition)
    return Questionnaire(
        version=version,
        pages=pages,
        questions_by_page=dict(by_page),
        by_key={q.key: q for q in questions},
        by_id={q.pk: q for q in questions},
        page_conditions=dict(page_conditions),
        question_conditions=dict(question_conditions),
    )


# --- conditions ---------------------------------------------------------------------------


def _as_decimal(value: Any) -> Decimal | None:
    """A finite number, or None: ordering comparisons with a NaN raise InvalidOperation."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _iso_day(value: str) -> str:
    try:
        return parse_date(value).isoformat()
    except AnswerError:
        return value


def condition_holds(condition: Condition, source: Question, value: Any) -> bool:
    """Whether the source question's canonical value meets the condition. An unanswered or
    hidden source never does."""
    if value is None or value == [] or value == {} or value == "":
        return False
    op = condition.operator
    if op == Condition.Operator.ANSWERED:
        return True
    wanted = [str(v) for v in (condition.values or [])]
    if not wanted:
        return False
    if source.kind in (Kind.MULTIPLE, Kind.RANKING):
        chosen = set(value) if isinstance(value, list) else set()
        if op == Condition.Operator.EQUALS:
            return wanted[0] in chosen
        if op == Condition.Operator.IN:
            return bool(chosen & set(wanted))
        return False
    if source.kind in (Kind.LIKERT, Kind.SCALE_0_10, Kind.NUMBER):
        number = _as_decimal(value)
        targets = [d for d in (_as_decimal(w) for w in wanted) if d is not None]
        if number is None or not targets:
            return False
        if op == Condition.Operator.EQUALS:
            return number == targets[0]
        if op == Condition.Operator.IN:
            return number in targets
        if op == Condition.Operator.GTE:
            return number >= targets[0]
        if op == Condition.Operator.LTE:
            return number <= targets[0]
        return False
    if source.kind == Kind.DATE:
        # Values saved before they were stored as 2024-05-31 may be written as 31.5.2024.
        wanted = [_iso_day(w) for w in wanted]
        if op in (Condition.Operator.EQUALS, Condition.Operator.IN):
            return str(value) in wanted
        if op == Condition.Operator.GTE:
            return str(value) >= wanted[0]
        if op == Condition.Operator.LTE:
            return str(value) <= wanted[0]
        return False
    text = str(value).strip().casefold()
    if op == Condition.Operator.EQUALS:
        return text == wanted[0].strip().casefold()
    if op == Condition.Operator.IN:
        return text in {w.strip().casefold() for w in wanted}
    return False


# --- validation ----------------------------------------------------------------------------


# The years a respondent's date (a birth date, the day of a visit) can fall in: anything
# else is a slip of the keyboard (31.5.0024, 31.5.2204) that would be counted as an answer.
DATE_ANSWER_YEARS = (1900, 2100)


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is for the respondent."""


def _empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return all(_empty(item) for item in raw)
    if isinstance(raw, dict):
        return all(_empty(item) for item in raw.values())
    return False


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise AnswerError
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,6}\s*", raw):
        return int(raw)
    raise AnswerError


def _scale_value(question: Question, raw: Any) -> int:
    points = question.scale_range
    try:
        value = _integer(raw)
    except AnswerError:
        value = None
    if value is None or value not in points:
        if question.kind == Kind.SCALE_0_10:
            raise AnswerError(_("Choose a whole number from 0 to 10."))
        raise AnswerError(
            _("Choose a value from %(low)s to %(high)s.") % {"low": points[0], "high": points[-1]}
        )
    return value


def _choice_values(question: Question) -> list[str]:
    return [c.value for c in question.choices.all()]


def parse_date(raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            return datetime.strptime(text, "%d.%m.%Y").date()  # noqa: DTZ007 - a date only
    except ValueError:
        pass
    raise AnswerError(_("Enter a real date, for example 31.5.2024 or 2024-05-31."))


def _storable_text(raw: Any) -> bool:
    """Text the database can store: no NUL character (PostgreSQL refuses it) and no lone
    surrogate (JSON may escape one, "\\ud800", but it cannot be encoded as UTF-8)."""
    if not isinstance(raw, str) or "\x00" in raw:
        return False
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_question(question: Question, raw: Any) -> Any:
    """The canonical value of one answer, or None when it is left empty and optional.
    Raises AnswerError with a message in the active language."""
    if _empty(raw):
        if question.required:
            if question.kind == Kind.MATRIX:
                raise AnswerError(_("Answer every statement."))
            raise AnswerError(_("This question needs an answer."))
        return None
    kind = question.kind
    if kind == Kind.SINGLE:
        values = _choice_values(question)
        if not isinstance(raw, str) or raw not in values:
            raise AnswerError(_("Choose one of the options given."))
        return raw
    if kind == Kind.MULTIPLE:
        items = [raw] if isinstance(raw, str) else raw
        values = _choice_values(question)
        if (
            not isinstance(items, list | tuple)
            or any(not isinstance(v, str) or v not in values for v in items)
            or len(set(items)) != len(items)
        ):
            raise AnswerError(_("Choose only among the options given, each at most once."))
        return [v for v in values if v in set(items)]
    if kind in (Kind.LIKERT, Kind.SCALE_0_10):
        return _scale_value(question, raw)
    if kind == Kind.NUMBER:
        text = str(raw).strip().replace(",", ".").replace("\u2212", "-")
        if isinstance(raw, bool) or not re.fullmatch(r"-?\d{1,10}(\.\d{1,2})?", text):
            raise AnswerError(_("Enter a number, with at most two decimals."))
        number = Decimal(text)
        if question.number_min is not None and number < question.number_min:
            raise AnswerError(
                _("Enter a number of at least %(min)s.") % {"min": question.number_min.normalize()}
            )
        if question.number_max is not None and number > question.number_max:
            raise AnswerError(
                _("Enter a number of at most %(max)s.") % {"max": question.number_max.normalize()}
            )
        return format(number.normalize(), "f")
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        if not _storable_text(raw):
            raise AnswerError(_("Enter text."))
        text = raw.strip().replace("\r\n", "\n")
        limit = question.text_max_length or 0
        if len(text) > limit:
            raise AnswerError(
                _("Keep the answer within %(limit)s characters; it now has %(count)s.")
                % {"limit": limit, "count": len(text)}
            )
        return text
    if kind == Kind.DATE:
        day = parse_date(raw)
        if not year_in_range(day, *DATE_ANSWER_YEARS):
            raise AnswerError(year_out_of_range_message(*DATE_ANSWER_YEARS))
        return day.isoformat()
    if kind == Kind.MATRIX:
        if not isinstance(raw, dict):
            raise AnswerError(_("Answer the statements on the scale given."))
        rows = [r.key for r in question.rows.all()]
        if any(key not in rows for key in raw):
            raise AnswerError(_("Answer only the statements given."))
        out = {}
        for key in rows:
            if _empty(raw.get(key)):
                continue
            out[key] = _scale_value(question, raw[key])
        if question.required and len(out) != len(rows):
            raise AnswerError(_("Answer every statement."))
        return out or None
    if kind == Kind.RANKING:
        values = _choice_values(question)
        order: list[str]
        if isinstance(raw, list | tuple):
            order = list(raw)
        elif isinstance(raw, dict):
            try:
                ranks = {value: _integer(rank) for value, rank in raw.items()}
            except AnswerError:
                ranks = {}
            order = [v for v, _rank in sorted(ranks.items(), key=lambda item: item[1])]
            if sorted(ranks.values()) != list(range(1, len(values) + 1)):
                order = []
        else:
            order = []
        if not all(isinstance(item, str) for item in order):
            order = []  # e.g. nested lists or objects from the API: not a ranking
        if sorted(order) != sorted(values) or len(set(order)) != len(values):
            raise AnswerError(
                _("Give each option a different rank from 1 to %(count)s.") % {"count": len(values)}
            )
        return order
    raise AnswerError(_("This question cannot be answered."))


def clean_page(
    questions: list[Question], raw: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean every question of a page. Returns (values, errors); values holds only answered
    questions."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            value = clean_question(question, raw.get(question.key))
        except AnswerError as exc:
            errors[question.key] = str(exc)
            continue
        if value is not None:
            values[question.key] = value
    return values, errors


def raw_from_post(questions: list[Question], data: Any) -> dict[str, Any]:
    """The raw answers of a page from a submitted form (a QueryDict): field `q-<key>`, with
    `q-<key>-<row>` for matrix statements and `q-<key>-<value>` for ranks."""
    raw: dict[str, Any] = {}
    for question in questions:
        name = f"q-{question.key}"
        if question.kind == Kind.MULTIPLE:
            raw[question.key] = data.getlist(name)
        elif question.kind == Kind.MATRIX:
            raw[question.key] = {
                r.key: data.get(f"{name}-{r.key}", "") for r in question.rows.all()
            }
        elif question.kind == Kind.RANKING:
            raw[question.key] = {
                c.value: data.get(f"{name}-{c.value}", "") for c in question.choices.all()
            }
        else:
            raw[question.key] = data.get(name, "")
    return raw


# --- rows ----------------------------------------------------------------------------------


def answer_rows(response_id: int, question: Question, value: Any) -> list[Answer]:
    """The Answer rows that store one canonical value."""
    kind = question.kind
    choices: dict[str, Choice] = {c.value: c for c in question.choices.all()}
    base = {"response_id": response_id, "question": question}
    if kind == Kind.SINGLE:
        return [Answer(**base, choice=choices[value])]
    if kind == Kind.MULTIPLE:
        return [Answer(**base, choice=choices[v]) for v in value]
    if kind == Kind.RANKING:
        return [Answer(**base, choice=choices[v], number=rank) for rank, v in enumerate(value, 1)]
    if kind in (Kind.LIKERT, Kind.SCALE_0_10, Kind.NUMBER):
        return [Answer(**base, number=Decimal(str(value)))]
    if kind == Kind.MATRIX:
        rows: dict[str, MatrixRow] = {r.key: r for r in question.rows.all()}
        return [Answer(**base, matrix_row=rows[k], number=v) for k, v in value.items()]
    if kind == Kind.DATE:
        return [Answer(**base, date=date.fromisoformat(value))]
    return [Answer(**base, text=value)]


def values_from_answers(questionnaire: Questionnaire, answers: list[Answer]) -> dict[str, Any]:
    """Canonical values of stored answers (the inverse of `answer_rows`)."""
    grouped: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        grouped[answer.question_id].append(answer)
    values: dict[str, Any] = {}
    for question_id, rows in grouped.items():
        question = questionnaire.by_id.get(question_id)
        if question is None:
            continue
        choices = {c.pk: c.value for c in question.choices.all()}
        kind = question.kind
        if kind == Kind.SINGLE:
            values[question.key] = choices.get(rows[0].choice_id)
        elif kind == Kind.MULTIPLE:
            chosen = {choices.get(a.choice_id) for a in rows}
            values[question.key] = [v for v in choices.values() if v in chosen]
        elif kind == Kind.RANKING:
            ordered = sorted(rows, key=lambda a: a.number or 0)
            values[question.key] = [choices.get(a.choice_id) for a in ordered]
        elif kind in (Kind.LIKERT, Kind.SCALE_0_10):
            values[question.key] = int(rows[0].number)
        elif kind == Kind.NUMBER:
            values[question.key] = format(rows[0].number.normalize(), "f")
        elif kind == Kind.MATRIX:
            keys = {r.pk: r.key for r in question.rows.all()}
            values[question.key] = {keys[a.matrix_row_id]: int(a.number) for a in rows}
        elif kind == Kind.DATE:
            values[question.key] = rows[0].date.isoformat()
        else:
            values[question.key] = rows[0].text
    return values
