"""Who may read courses and the media library, record progress, and author courses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.learning.models import Course, MediaItem, Module, QuizAttempt, QuizQuestion
from kuulu.organisation.access import Actor, actor_for


def _own_county(actor: Actor, county_id: int) -> bool:
    """People of one county never see or change another county's content; the public and
    system admins (who belong to no county) are not limited."""
    return actor.county_id is None or actor.county_id == county_id


def can_read_course(actor: Actor, course: Course) -> bool:
    """Published courses for everyone, internal ones for staff; drafts and archived courses
    for coordinators only."""
    if not _own_county(actor, course.county_id):
        return False
    if course.status != Course.Status.PUBLISHED:
        return actor.is_coordinator
    return not course.internal_only or actor.is_staff


def visible_courses(actor: Actor) -> QuerySet[Course]:
    courses = Course.objects.all()
    if actor.county_id is not None:
        courses = courses.filter(county_id=actor.county_id)
    if actor.is_coordinator:
        return courses
    courses = courses.filter(status=Course.Status.PUBLISHED)
    if not actor.is_staff:
        courses = courses.filter(internal_only=False)
    return courses


def access_course_for_learner(user: Any, course_id: int) -> Course:
    """A course the user may read. Anything else is not found, so internal content and
    drafts stay unseen."""
    course = get_object_or_404(Course, pk=course_id)
    if not can_read_course(actor_for(user), course):
        raise Http404
    return course


def access_module_for_learner(user: Any, module_id: int) -> Module:
    module = get_object_or_404(Module.objects.select_related("course", "media"), pk=module_id)
    if not can_read_course(actor_for(user), module.course):
        raise Http404
    return module


def access_attempt_for_learner(user: Any, module: Module, attempt_id: int) -> QuizAttempt:
    """Learners see only their own answer sheets."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(QuizAttempt, pk=attempt_id, module=module, user_id=user.pk)


def can_author(user: Any) -> bool:
    return actor_for(user).is_coordinator


def require_author(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor


def _authored(actor: Actor, county_id: int) -> None:
    if not _own_county(actor, county_id):
        raise PermissionDenied


def access_course_for_author(user: Any, course_id: int) -> Course:
    actor = require_author(user)
    course = get_object_or_404(Course, pk=course_id)
    _authored(actor, course.county_id)
    return course


def access_module_for_author(user: Any, module_id: int) -> Module:
    actor = require_author(user)
    module = get_object_or_404(Module.objects.select_related("course"), pk=module_id)
    _authored(actor, module.course.county_id)
    return module


def access_question_for_author(user: Any, question_id: int) -> QuizQuestion:
    actor = require_author(user)
    question = get_object_or_404(
        QuizQuestion.objects.select_related("module__course"), pk=question_id
    )
    _authored(actor, question.module.course.county_id)
    return question


def visible_media(actor: Actor) -> QuerySet[MediaItem]:
    """Internal recordings for staff; the public sees the rest."""
    items = MediaItem.objects.all()
    if actor.county_id is not None:
        items = items.filter(county_id=actor.county_id)
    if not actor.is_staff:
        items = items.filter(internal_only=False)
    return items


def access_media_for_viewer(user: Any, media_id: int) -> MediaItem:
    media = get_object_or_404(MediaItem, pk=media_id)
    actor = actor_for(user)
    if not _own_county(actor, media.county_id) or (media.internal_only and not actor.is_staff):
        raise Http404
    return media
