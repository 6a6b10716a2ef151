"""Reads for Ask the leadership."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kuulu.organisation.models import County, Unit
from kuulu.questions.models import Question

PUBLIC = (Question.Status.OPEN, Question.Status.ROUTED, Question.Status.ANSWERED)


def public_questions(
    county_id: int | None,
    *,
    answered: bool | None = None,
    theme_id: int | None = None,
    service_id: int | None = None,
    words: str = "",
) -> QuerySet[Question]:
    queryset = Question.objects.filter(status__in=PUBLIC).select_related(
        "theme", "service", "answer"
    )
    if county_id is not None:
        queryset = queryset.filter(county_id=county_id)
    if answered is True:
        queryset = queryset.filter(status=Question.Status.ANSWERED)
    elif answered is False:
        queryset = queryset.exclude(status=Question.Status.ANSWERED)
    if theme_id:
        queryset = queryset.filter(theme_id=theme_id)
    if service_id:
        queryset = queryset.filter(service_id=service_id)
    if "\x00" in (words or ""):
        # No published text holds a NUL character, and PostgreSQL cannot compare one.
        return queryset.none()
    for word in (words or "").split()[:5]:
        queryset = queryset.filter(
            Q(public_text__icontains=word)
            | Q(answer__text__icontains=word)
            | Q(answer__transcript__icontains=word)
        )
    return queryset.order_by("-published_at", "-id")


def service_filter_choices(county_id: int, *, selected_id: int | None = None) -> QuerySet[Unit]:
    """The service areas the questions list filters by: the active ones. The one already chosen
    stays listed even when it has since closed, so an old link shows what it filters on; its
    questions are found all the same (`public_questions` filters by id)."""
    shown = Q(is_active=True)
    if selected_id:
        shown |= Q(pk=selected_id)
    return Unit.objects.filter(shown, county_id=county_id, kind=Unit.Kind.SERVICE_AREA)


def front_page_questions(limit: int = 3, county: County | None = None) -> list[Question]:
    """Recently answered questions for the portal front page, only `county`'s when given
    (one query)."""
    questions = Question.objects.filter(status=Question.Status.ANSWERED)
    if county is not None:
        questions = questions.filter(county=county)
    return list(questions.select_related("answer").order_by("-answer__published_at", "-id")[:limit])


def queue(county_id: int | None) -> dict[str, Any]:
    questions = Question.objects.select_related("routed_to")
    if county_id is not None:
        questions = questions.filter(county_id=county_id)
    return {
        "held": list(questions.filter(status=Question.Status.HELD).order_by("created_at")),
        "open": list(questions.filter(status=Question.Status.OPEN).order_by("published_at")),
        "routed": list(questions.filter(status=Question.Status.ROUTED).order_by("due_on")),
    }


def routed_to_person(person_id: int | None) -> list[Question]:
    if person_id is None:
        return []
    return list(
        Question.objects.filter(routed_to_id=person_id, status=Question.Status.ROUTED).order_by(
            "due_on"
        )
    )
