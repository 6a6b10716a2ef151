"""Survey test data, built with the same services the product uses."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from kuulu.organisation.models import County
from kuulu.surveys import services
from kuulu.surveys.models import Page, Question, Survey
from kuulu.surveys.services import Option, QuestionSpec

_seq = itertools.count(1)

AGREE = {
    "fi": ["Täysin eri mieltä", "Eri mieltä", "Ei samaa eikä eri", "Samaa mieltä", "Täysin samaa"],
    "en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
}


def make_survey(county: County, owner: Any = None, *, open_: bool = False, **data: Any) -> Survey:
    n = next(_seq)
    data.setdefault("title_fi", f"Kysely {n}")
    data.setdefault("title_en", f"Survey {n}")
    survey = services.create_survey(county=county, owner=owner, **data)
    if open_:
        add_question(survey, kind="short_text", key="first")
        services.open_survey(survey=survey, actor=owner)
        survey.refresh_from_db()
    return survey


def first_page(survey: Survey) -> Page:
    survey.refresh_from_db()
    return survey.current_version.pages.order_by("position").first()


def spec(kind: str, key: str = "", **data: Any) -> QuestionSpec:
    data.setdefault("text", {"fi": f"Kysymys {key}", "en": f"Question {key}"})
    if kind in Question.CHOICE_KINDS and "choices" not in data:
        data["choices"] = [
            Option("a", {"fi": "A", "en": "A"}),
            Option("b", {"fi": "B", "en": "B"}),
            Option("c", {"fi": "C", "en": "C"}),
        ]
    if kind == "matrix" and "rows" not in data:
        data["rows"] = [Option("r1", {"fi": "Väite 1"}), Option("r2", {"fi": "Väite 2"})]
    if kind == "number":
        data.setdefault("number_min", Decimal("0"))
        data.setdefault("number_max", Decimal("120"))
    return QuestionSpec(kind=kind, key=key, **data)


def add_question(
    survey: Survey, *, kind: str, key: str, page: Page | None = None, **data: Any
) -> Question:
    return services.add_question(
        survey=survey, page=page or first_page(survey), spec=spec(kind, key, **data), actor=None
    )
