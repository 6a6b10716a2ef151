"""Reads for the survey builder and respondents."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from kuulu.organisation.access import Actor
from kuulu.organisation.models import County
from kuulu.surveys.answers import load_questionnaire
from kuulu.surveys.models import Invitation, Response, Survey, SurveyVersion


def county_of(actor: Actor) -> County:
    """The actor's county; a system admin without one acts for the first county."""
    if actor.county_id is not None:
        return County.objects.get(pk=actor.county_id)
    county = County.objects.order_by("pk").first()
    if county is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return county


def surveys_for_owner(*, user: Any, actor: Actor) -> QuerySet[Survey]:
    """Coordinators see every survey of their county; other staff the surveys they own."""
    qs = Survey.objects.annotate(
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
    ).select_related("current_version")
    if actor.county_id is not None:
        qs = qs.filter(county_id=actor.county_id)
    if not actor.is_coordinator:
        qs = qs.filter(owner=user)
    return qs.order_by("-created_at", "-id")


def builder_overview(survey: Survey) -> dict[str, Any]:
    """The current version's pages, questions and conditions, and every version's count of
    responses, in a fixed number of queries."""
    questionnaire = load_questionnaire(survey.current_version)
    versions = SurveyVersion.objects.filter(survey=survey).annotate(
        answered=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)),
        started=Count("responses", filter=Q(responses__status=Response.Status.IN_PROGRESS)),
    )
    pages = []
    for number, page in enumerate(questionnaire.pages, 1):
        pages.append(
            {
                "page": page,
                "number": number,
                "questions": questionnaire.questions(page),
                "conditions": questionnaire.page_conditions.get(page.pk, []),
            }
        )
    return {
        "questionnaire": questionnaire,
        "pages": pages,
        "question_conditions": questionnaire.question_conditions,
        "conditions": [c for cs in questionnaire.page_conditions.values() for c in cs]
        + [c for cs in questionnaire.question_conditions.values() for c in cs],
        "versions": list(versions.order_by("number")),
        "frozen": survey.current_version.frozen,
        "invitation_counts": invitation_counts(survey),
    }


def invitation_counts(survey: Survey) -> dict[str, int]:
    return Invitation.objects.filter(survey=survey).aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        used=Count("id", filter=Q(used_at__isnull=False)),
    )
