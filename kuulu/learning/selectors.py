"""Reads for e-learning: the course list with each learner's progress, a course's modules,
the media library. A fixed number of queries however many courses or modules there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from kuulu.learning.access import visible_courses, visible_media
from kuulu.learning.models import (
    Course,
    CourseCompletion,
    MediaItem,
    Module,
    ModuleProgress,
    QuizAttempt,
    QuizQuestion,
)
from kuulu.organisation.access import Actor


@dataclass(frozen=True)
class CourseRow:
    course: Course
    modules: int
    done: int
    completed_at: datetime | None


def courses_for_learner(*, actor: Actor, limit: int = 500) -> list[CourseRow]:
    """The courses the actor may see, with how many modules they have done (one query)."""
    courses = visible_courses(actor).annotate(module_count=Count("modules", distinct=True))
    if actor.user_id is not None:
        completions = CourseCompletion.objects.filter(
            course=OuterRef("pk"), user_id=actor.user_id
        ).values("completed_at")[:1]
        courses = courses.annotate(
            done_count=Count(
                "modules__progress",
                filter=Q(modules__progress__user_id=actor.user_id),
                distinct=True,
            ),
            completed_at=Subquery(completions),
        )
    return [
        CourseRow(
            course=c,
            modules=c.module_count,
            done=getattr(c, "done_count", 0),
            completed_at=getattr(c, "completed_at", None),
        )
        for c in courses.order_by("title", "id")[:limit]
    ]


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    done: bool
    score: int | None


@dataclass(frozen=True)
class CoursePage:
    course: Course
    modules: list[ModuleRow]
    done: int
    completed_at: datetime | None


def course_page(*, course: Course, user: Any) -> CoursePage:
    modules = list(course.modules.select_related("media").order_by("position", "id"))
    progress: dict[int, ModuleProgress] = {}
    completed_at = None
    if getattr(user, "is_authenticated", False):
        progress = {
            p.module_id: p for p in ModuleProgress.objects.filter(user=user, module__course=course)
        }
        completed_at = (
            CourseCompletion.objects.filter(user=user, course=course)
            .values_list("completed_at", flat=True)
            .first()
        )
    rows = [
        ModuleRow(
            module=m,
            done=m.pk in progress,
            score=progress[m.pk].score if m.pk in progress else None,
        )
        for m in modules
    ]
    return CoursePage(
        course=course,
        modules=rows,
        done=sum(r.done for r in rows),
        completed_at=completed_at,
    )


def neighbours(module: Module) -> tuple[Module | None, Module | None]:
    siblings = list(Module.objects.filter(course_id=module.course_id).order_by("position", "id"))
    index = next(i for i, m in enumerate(siblings) if m.pk == module.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def progress_for(user: Any, module: Module) -> ModuleProgress | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ModuleProgress.objects.filter(user=user, module=module).first()


def latest_attempts(user: Any, module: Module, limit: int = 5) -> list[QuizAttempt]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(QuizAttempt.objects.filter(user=user, module=module)[:limit])


@dataclass(frozen=True)
class AttemptResults:
    """An answer sheet as it was scored. `questions` pairs each question of the sheet that is
    still in the quiz with whether it was right; `known` is False for an old sheet whose
    per-question marks were not kept and cannot be rebuilt (its key has changed since)."""

    known: bool
    questions: list[tuple[QuizQuestion, bool]]
    wrong: int
    removed: int  # questions of the sheet deleted from the quiz since


def attempt_results(attempt: QuizAttempt) -> AttemptResults:
    """Never re-scores: the marks are those stored when the sheet was submitted."""
    if attempt.results is None:
        return AttemptResults(known=False, questions=[], wrong=0, removed=0)
    marks = {int(k): bool(v) for k, v in attempt.results.items()}
    questions = list(
        QuizQuestion.objects.filter(module_id=attempt.module_id, pk__in=marks).order_by(
            "position", "id"
        )
    )
    return AttemptResults(
        known=True,
        questions=[(q, marks[q.pk]) for q in questions],
        wrong=sum(not right for right in marks.values()),
        removed=len(marks) - len(questions),
    )


def media_library(*, actor: Actor, series: str = "", kind: str = "") -> QuerySet[MediaItem]:
    items = visible_media(actor)
    if series:
        items = items.filter(series=series)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("series", "episode_number", "-published_on", "id")


def media_series(*, actor: Actor) -> list[str]:
    """Series names the actor may see (internal-only series are not named to the public)."""
    return list(
        visible_media(actor)
        .exclude(series="")
        .order_by("series")
        .values_list("series", flat=True)
        .distinct()
    )


def modules_for_author(course: Course) -> list[Module]:
    return list(
        course.modules.annotate(
            question_count=Count("questions", distinct=True),
            learners=Count("progress", distinct=True),
        ).order_by("position", "id")
    )


def questions_for_author(module: Module) -> list:
    return list(module.questions.prefetch_related(Prefetch("choices")).order_by("position", "id"))
