"""E-learning API: the courses the caller may see, a course with its modules and questions
(never the right answers), and the caller's own progress.

Reads work without a token for public courses; with `Authorization: Bearer <token>` (or a
signed-in session) the caller also sees what their role allows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import AuthenticationError

from kuulu.integrations.services import authenticate_token
from kuulu.learning import access, selectors
from kuulu.learning.models import CourseCompletion, ModuleProgress
from kuulu.organisation.access import actor_for

router = Router(tags=["learning"])


class CourseSummaryOut(Schema):
    id: int
    title: str
    description: str
    language: str
    estimated_minutes: int | None
    internal_only: bool
    status: str
    modules: int


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    multiple: bool
    choices: list[ChoiceOut]


class ModuleOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    body: str
    url: str
    media_id: int | None
    has_attachment: bool
    pass_mark: int | None
    questions: list[QuestionOut]


class CourseOut(CourseSummaryOut):
    module_list: list[ModuleOut]


class ModuleProgressOut(Schema):
    module_id: int
    completed_at: datetime
    score: int | None


class CourseProgressOut(Schema):
    course_id: int
    modules: int
    done: int
    completed_at: datetime | None
    module_progress: list[ModuleProgressOut]


def _caller(request: HttpRequest) -> Any:
    """The token's user when a bearer token is given (401 when it is not valid), else the
    session's user, which may be anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = authenticate_token(header[7:].strip())
        if token is None:
            raise AuthenticationError
        request.user = token.user
        return token.user
    return request.user


def _summary(course: Any, modules: int) -> dict:
    return {
        "id": course.pk,
        "title": course.title,
        "description": course.description,
        "language": course.language,
        "estimated_minutes": course.estimated_minutes,
        "internal_only": course.internal_only,
        "status": course.status,
        "modules": modules,
    }


def _module_out(module: Any) -> dict:
    is_quiz = module.kind == module.Kind.QUIZ
    return {
        "id": module.pk,
        "position": module.position,
        "kind": module.kind,
        "title": module.title,
        "body": module.body,
        "url": module.url,
        "media_id": module.media_id,
        "has_attachment": bool(module.attachment),
        "pass_mark": module.pass_mark if is_quiz else None,
        # Only question and option texts: which options are right is never sent.
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "multiple": q.multiple,
                "choices": [{"id": c.pk, "text": c.text} for c in q.choices.all()],
            }
            for q in module.questions.all()
        ]
        if is_quiz
        else [],
    }


@router.get("/courses", response=list[CourseSummaryOut], auth=None)
def list_courses(request: HttpRequest) -> list[dict]:
    """Published courses the caller may see (public ones without a token)."""
    actor = actor_for(_caller(request))
    return [
        _summary(row.course, row.modules)
        for row in selectors.courses_for_learner(actor=actor)
        if row.course.status == row.course.Status.PUBLISHED
    ]


@router.get("/courses/{course_id}", response=CourseOut, auth=None)
def get_course(request: HttpRequest, course_id: int) -> dict:
    course = access.access_course_for_learner(_caller(request), course_id)
    modules = list(course.modules.order_by("position", "id").prefetch_related("questions__choices"))
    return {**_summary(course, len(modules)), "module_list": [_module_out(m) for m in modules]}


@router.get("/progress", response=list[CourseProgressOut], auth=None)
def my_progress(request: HttpRequest) -> list[dict]:
    """The caller's own progress in every course they have started."""
    user = _caller(request)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError
    progress = list(
        ModuleProgress.objects.filter(user=user)
        .select_related("module")
        .order_by("module__course_id", "module__position")
    )
    completions = dict(
        CourseCompletion.objects.filter(user=user).values_list("course_id", "completed_at")
    )
    course_ids = sorted({p.module.course_id for p in progress} | set(completions))
    rows = {r.course.pk: r for r in selectors.courses_for_learner(actor=actor_for(user))}
    out = []
    for course_id in course_ids:
        mine = [p for p in progress if p.module.course_id == course_id]
        row = rows.get(course_id)
        out.append(
            {
                "course_id": course_id,
                "modules": row.modules if row else len(mine),
                "done": len(mine),
                "completed_at": completions.get(course_id),
                "module_progress": [
                    {"module_id": p.module_id, "completed_at": p.completed_at, "score": p.score}
                    for p in mine
                ],
            }
        )
    return out
