from __future__ import annotations

from typing import Any

from kuulu.learning.models import Course, MediaItem, Module, QuizChoice, QuizQuestion
from kuulu.organisation.models import County


def make_course(county: County, **fields: Any) -> Course:
    fields.setdefault("title_fi", "Perehdytys")
    fields.setdefault("title_sv", "Introduktion")
    fields.setdefault("title_en", "Orientation")
    fields.setdefault("status", Course.Status.PUBLISHED)
    fields.setdefault("internal_only", True)
    return Course.objects.create(county=county, **fields)


def make_module(course: Course, **fields: Any) -> Module:
    fields.setdefault("kind", Module.Kind.TEXT)
    fields.setdefault("title_fi", "Osa")
    fields.setdefault("body_fi", "Tekstiä.")
    if "position" not in fields:
        fields["position"] = course.modules.count() + 1
    return Module.objects.create(course=course, **fields)


def make_question(
    module: Module, *, right: int = 1, wrong: int = 2, multiple: bool = False, **fields: Any
) -> QuizQuestion:
    fields.setdefault("text_fi", "Kysymys?")
    fields.setdefault("explanation_fi", "Selitys.")
    question = QuizQuestion.objects.create(
        module=module,
        position=module.questions.count() + 1,
        multiple=multiple,
        **fields,
    )
    for n in range(right + wrong):
        QuizChoice.objects.create(
            question=question, position=n + 1, text_fi=f"Vaihtoehto {n + 1}", is_correct=n < right
        )
    return question


def make_quiz(course: Course, *, questions: int = 2, pass_mark: int = 50, **fields: Any) -> Module:
    module = make_module(course, kind=Module.Kind.QUIZ, pass_mark=pass_mark, **fields)
    for _ in range(questions):
        make_question(module)
    return module


def right_answers(module: Module) -> dict[int, list[int]]:
    return {q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in module.questions.all()}


def wrong_answers(module: Module) -> dict[int, list[int]]:
    return {
        q.pk: [next(c.pk for c in q.choices.all() if not c.is_correct)]
        for q in module.questions.all()
    }


def make_media(county: County, **fields: Any) -> MediaItem:
    fields.setdefault("title_fi", "Jakso")
    fields.setdefault("url", "https://media.kuulu.example/jakso")
    fields.setdefault("internal_only", True)
    return MediaItem.objects.create(county=county, **fields)
