"""Reads for assisted participation: a resident's own history and staff members' records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.assisted.access import actions_visible_to
from kuulu.assisted.models import AssistedAction
from kuulu.organisation.access import Actor

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class HistoryRow:
    """One thing the resident took part in, and the assistance, if any."""

    kind: str
    title: str
    at: datetime
    status: str
    assisted: AssistedAction | None = None


def assisted_actions_of(user: Any) -> list[AssistedAction]:
    """What staff members recorded for the person with their consent, newest first."""
    return list(
        AssistedAction.objects.filter(Q(resident_user=user) | Q(resident_person__user=user))
        .select_related("staff_person", "unit")
        .order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )


def participation_history(user: Any) -> list[HistoryRow]:
    """The signed-in person's feedback given with assistance, registrations, survey answers
    and conversations, newest first, each marked when a staff member helped. Feedback sent
    online is not tied to an account in the feedback register, so only assisted feedback is
    listed; anonymous survey answers show as "answered", never with the answers."""
    from kuulu.deliberation.models import Participant
    from kuulu.events.models import Registration
    from kuulu.feedback.models import Feedback
    from kuulu.surveys.models import Participation, Response

    assisted = assisted_actions_of(user)
    by_object = {(a.object_type, a.object_id): a for a in assisted}
    rows: list[HistoryRow] = []

    feedback_ids = [a.object_id for a in assisted if a.object_type == "feedback.feedback"]
    for item in Feedback.objects.filter(pk__in=feedback_ids):
        rows.append(
            HistoryRow(
                kind=_("Feedback"),
                title=f"{item.get_kind_display()} {item.reference}",
                at=item.received_at,
                status=item.get_status_display(),
                assisted=by_object.get(("feedback.feedback", item.pk)),
            )
        )

    registrations = (
        Registration.objects.filter(
            Q(user=user) | Q(pk__in=[a.object_id for a in assisted if a.kind == "registration"]),
            anonymised_at__isnull=True,
        )
        .select_related("session__event")
        .order_by("-created_at")[:HISTORY_LIMIT]
    )
    for registration in registrations:
        rows.append(
            HistoryRow(
                kind=_("Registration"),
                title=f"{registration.session.event.title} "
                f"{timezone.localtime(registration.session.starts_at):%d.%m.%Y}",
                at=registration.created_at,
                status=registration.get_status_display(),
                assisted=by_object.get(("events.registration", registration.pk)),
            )
        )

    survey_assisted: dict[int, AssistedAction] = {}
    response_ids = [a.object_id for a in assisted if a.object_type == "surveys.response"]
    response_survey = dict(
        Response.objects.filter(pk__in=response_ids).values_list("pk", "survey_id")
    )
    for action in assisted:
        if action.object_type == "surveys.survey":
            survey_assisted[action.object_id] = action
        elif action.object_type == "surveys.response" and action.object_id in response_survey:
            survey_assisted[response_survey[action.object_id]] = action
    seen: set[int] = set()
    for participation in Participation.objects.filter(user=user).select_related("survey")[
        :HISTORY_LIMIT
    ]:
        seen.add(participation.survey_id)
        rows.append(
            HistoryRow(
                kind=_("Survey"),
                title=participation.survey.title,
                at=participation.submitted_at,
                status=_("answered"),
                assisted=survey_assisted.get(participation.survey_id),
            )
        )
    from kuulu.surveys.models import Survey

    for survey in Survey.objects.filter(pk__in=set(survey_assisted) - seen):
        action = survey_assisted[survey.pk]
        rows.append(
            HistoryRow(
                kind=_("Survey"),
                title=survey.title,
                at=action.created_at,
                status=_("answered"),
                assisted=action,
            )
        )

    participants = Participant.objects.filter(
        Q(user=user) | Q(pk__in=[a.object_id for a in assisted if a.kind == "vote"])
    ).select_related("conversation")[:HISTORY_LIMIT]
    for participant in participants:
        rows.append(
            HistoryRow(
                kind=_("Conversation"),
                title=participant.conversation.topic,
                at=participant.created_at,
                status=_("took part"),
                assisted=by_object.get(("deliberation.participant", participant.pk)),
            )
        )
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows


def recent_actions(actor: Actor, *, limit: int = 50) -> QuerySet[AssistedAction]:
    """The records of assistance a staff member may list, newest first."""
    return actions_visible_to(actor).select_related("staff_person", "unit", "resident_person")[
        :limit
    ]


def assisted_actions_for(objects: list[Any]) -> dict[int, AssistedAction]:
    """The records of assistance of a list of items of one model, by item id, in one query:
    for lists (e.g. an organiser's registrations) that mark the assisted rows."""
    if not objects:
        return {}
    object_type = objects[0]._meta.label_lower
    actions = (
        AssistedAction.objects.filter(
            object_type=object_type, object_id__in=[obj.pk for obj in objects]
        )
        .select_related("staff_person", "unit")
        .order_by("-created_at", "-id")
    )
    return {action.object_id: action for action in actions}
