"""Who may do what in Ask the leadership.

- Everyone: the rules, public (published) questions and answers, asking (with a confirmed
  email when not signed in), supporting (once per person).
- The director or manager a question is routed to: that question's management page and
  answering it.
- Coordinators (and system admins) of the county: the moderation queue, every question's
  management page, moderation, routing, answering and conversion to feedback.
- Other staff and residents: nothing more than everyone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import Actor, actor_for, same_county
from kuulu.organisation.models import Person
from kuulu.questions.models import Question


def can_manage(actor: Actor) -> bool:
    return actor.is_coordinator


def require_manager(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_manage(actor):
        raise PermissionDenied
    return actor


def can_answer(actor: Actor, question: Question) -> bool:
    if actor.is_coordinator and same_county(actor, question.county_id):
        return True
    return actor.person_id is not None and actor.person_id == question.routed_to_id


def answerer_for(actor: Actor, question: Question) -> Person | None:
    """Whose answer is published: the person the question was routed to, also when a
    coordinator types it in for them; an unrouted question is answered by the actor."""
    if question.routed_to_id is not None:
        return question.routed_to
    if actor.person_id is None:
        return None
    return Person.objects.filter(pk=actor.person_id).first()


def access_question_for_public(question_id: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("theme", "service"), pk=question_id
    )
    if not question.is_public:
        raise Http404
    return question


def access_question_for_handler(user: Any, question_id: int) -> tuple[Question, Actor]:
    actor = actor_for(user)
    if not actor.is_staff:
        raise PermissionDenied
    question = get_object_or_404(Question, pk=question_id)
    if not can_answer(actor, question):
        raise PermissionDenied
    return question, actor


def access_question_for_coordinator(user: Any, question_id: int) -> tuple[Question, Actor]:
    actor = require_manager(user)
    question = get_object_or_404(Question, pk=question_id)
    if not same_county(actor, question.county_id):
        raise PermissionDenied
    return question, actor
