"""Who may handle feedback, formal complaints and initiatives.

Feedback: coordinators (whole county), managers (their unit's subtree) and staff named as
feedback handlers of a unit (its subtree). Formal complaints: only their handlers: the
responsible director, people added to the complaint, and coordinators. Being a feedback
handler of a unit gives no access to its complaints. Initiatives: coordinators and the person
named to handle one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kuulu.feedback.models import (
    Complaint,
    ComplaintRouting,
    Feedback,
    FeedbackAttachment,
    FeedbackHandler,
    Initiative,
)
from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Unit


def _handler_paths(user: Any) -> list[str]:
    """Paths of the units a user was named to handle feedback for (cached per request)."""
    cached = getattr(user, "_kuulu_feedback_paths", None)
    if cached is not None:
        return cached
    paths = list(
        FeedbackHandler.objects.filter(user_id=user.pk, unit__is_active=True).values_list(
            "unit__path", flat=True
        )
    )
    user._kuulu_feedback_paths = paths
    return paths


def _own_county(actor: Actor, county_id: int) -> bool:
    return actor.county_id is None or actor.county_id == county_id


def is_feedback_handler(user: Any) -> bool:
    """Anyone with a feedback queue: coordinators, managers and named handlers."""
    actor = actor_for(user)
    if not actor.is_staff:
        return False
    return actor.is_coordinator or actor.is_manager or bool(_handler_paths(user))


def require_feedback_handler(user: Any) -> Actor:
    if not is_feedback_handler(user):
        raise PermissionDenied
    return actor_for(user)


def queue_filter(user: Any) -> Q | None:
    """A filter of the feedback this user handles; None means the whole county. Cases without
    a unit yet belong to the unit their triage suggested."""
    actor = actor_for(user)
    if actor.is_coordinator:
        return None
    paths = list(_handler_paths(user))
    if actor.is_manager and actor.unit_path:
        paths.append(actor.unit_path)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(unit__path__startswith=path)
        condition |= Q(unit__isnull=True, suggested_unit__path__startswith=path)
    return condition


def handles_unit(user: Any, unit: Unit | None) -> bool:
    actor = actor_for(user)
    if not actor.is_staff:
        return False
    if actor.is_coordinator:
        return unit is None or _own_county(actor, unit.county_id)
    if unit is None:
        return False
    if actor.manages(unit):
        return True
    return any(unit.path.startswith(path) for path in _handler_paths(user))


def can_handle_feedback(user: Any, feedback: Feedback) -> bool:
    actor = actor_for(user)
    if not actor.is_staff or not _own_county(actor, feedback.county_id):
        return False
    if actor.is_coordinator:
        return True
    unit = feedback.unit if feedback.unit_id else feedback.suggested_unit
    return handles_unit(user, unit)


def access_feedback_for_handler(user: Any, feedback_id: int) -> Feedback:
    require_feedback_handler(user)
    feedback = get_object_or_404(
        Feedback.objects.select_related(
            "unit",
            "theme",
            "assignee",
            "suggested_unit",
            "suggested_theme",
            "suggested_theme_alternative",
            "county",
        ),
        pk=feedback_id,
    )
    if not can_handle_feedback(user, feedback):
        raise PermissionDenied
    return feedback


def access_attachment_for_handler(user: Any, attachment_id: int) -> FeedbackAttachment:
    attachment = get_object_or_404(FeedbackAttachment, pk=attachment_id)
    access_feedback_for_handler(user, attachment.feedback_id)
    return attachment


def can_enter_feedback(user: Any) -> bool:
    """Staff record feedback they received by phone, on paper or in person."""
    return actor_for(user).is_staff


def require_feedback_entry(user: Any) -> Actor:
    if not can_enter_feedback(user):
        raise PermissionDenied
    return actor_for(user)


def can_publish(user: Any) -> bool:
    """Only coordinators publish feedback on the public portal."""
    return actor_for(user).is_coordinator


def access_feedback_for_publisher(user: Any, feedback_id: int) -> Feedback:
    if not can_publish(user):
        raise PermissionDenied
    return access_feedback_for_handler(user, feedback_id)


def can_manage_handlers(user: Any) -> bool:
    actor = actor_for(user)
    return actor.is_coordinator or actor.is_manager


def manageable_units(user: Any) -> QuerySet[Unit]:
    """Units whose feedback handlers this user may name."""
    actor = actor_for(user)
    units = Unit.objects.filter(is_active=True)
    if actor.is_coordinator:
        return units.filter(county_id=actor.county_id) if actor.county_id else units
    if actor.is_manager and actor.unit_path:
        return units.filter(path__startswith=actor.unit_path)
    return units.none()


# --- Formal complaints ------------------------------------------------------------------------


def is_complaint_handler(user: Any) -> bool:
    """Coordinators, responsible directors, and people added to a complaint."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return False
    if actor.is_coordinator:
        return True
    if not actor.is_staff:
        return False
    return (
        ComplaintRouting.objects.filter(director_id=user.pk).exists()
        or Complaint.objects.filter(Q(director_id=user.pk) | Q(handlers=user.pk)).exists()
    )


def require_complaint_handler(user: Any) -> Actor:
    if not is_complaint_handler(user):
        raise PermissionDenied
    return actor_for(user)


def complaints_filter(user: Any) -> Q | None:
    actor = actor_for(user)
    if actor.is_coordinator:
        return Q(county_id=actor.county_id) if actor.county_id else None
    return Q(director_id=user.pk) | Q(handlers=user.pk)


def can_handle_complaint(user: Any, complaint: Complaint) -> bool:
    actor = actor_for(user)
    if not actor.is_staff or not _own_county(actor, complaint.county_id):
        return False
    if actor.is_coordinator:
        return True
    return complaint.director_id == user.pk or complaint.handlers.filter(pk=user.pk).exists()


def can_be_added_as_complaint_handler(user: Any, complaint: Complaint) -> bool:
    """A handler added to a complaint must be active staff of the complaint's county: the
    complaint list shows a handler's complaints without a county filter."""
    actor = actor_for(user)
    return actor.is_staff and actor.county_id == complaint.county_id


def access_complaint_for_handler(user: Any, complaint_id: int) -> Complaint:
    """A complaint for one of its handlers. The caller records the view in the audit log."""
    require_complaint_handler(user)
    complaint = get_object_or_404(
        Complaint.objects.select_related("unit", "director", "county"), pk=complaint_id
    )
    if not can_handle_complaint(user, complaint):
        raise PermissionDenied
    return complaint


# --- Initiatives ------------------------------------------------------------------------------


def is_initiative_handler(user: Any) -> bool:
    actor = actor_for(user)
    if actor.is_coordinator:
        return True
    return actor.is_staff and Initiative.objects.filter(handled_by_id=user.pk).exists()


def require_initiative_handler(user: Any) -> Actor:
    if not is_initiative_handler(user):
        raise PermissionDenied
    return actor_for(user)


def initiatives_filter(user: Any) -> Q | None:
    actor = actor_for(user)
    if actor.is_coordinator:
        return Q(county_id=actor.county_id) if actor.county_id else None
    return Q(handled_by_id=user.pk)


def access_initiative_for_handler(user: Any, initiative_id: int) -> Initiative:
    actor = require_initiative_handler(user)
    initiative = get_object_or_404(Initiative.objects.select_related("unit"), pk=initiative_id)
    if actor.is_coordinator and _own_county(actor, initiative.county_id):
        return initiative
    if initiative.handled_by_id == user.pk and _own_county(actor, initiative.county_id):
        return initiative
    raise PermissionDenied


def can_report_initiatives(user: Any) -> bool:
    return actor_for(user).is_coordinator


# --- Emerging topics ---------------------------------------------------------------------------


def can_view_topics(user: Any, county_id: int | None = None) -> bool:
    """Emerging topics: everyone with a feedback queue, in their own county. Example texts are
    limited further by `topic_examples_filter`."""
    if not is_feedback_handler(user):
        return False
    return county_id is None or _own_county(actor_for(user), county_id)


def require_topics_viewer(user: Any) -> Actor:
    if not can_view_topics(user):
        raise PermissionDenied
    return actor_for(user)


def can_recompute_topics(user: Any) -> bool:
    """Coordinators may ask for a fresh computation (the worker also runs it daily)."""
    return actor_for(user).is_coordinator


def topic_examples_filter(user: Any) -> Q:
    """The feedback whose masked text may be shown as an example of a topic: what the user
    handles, never secret feedback."""
    condition = ~Q(secrecy="secret")
    queue = queue_filter(user)
    return condition if queue is None else condition & queue


def access_topic(user: Any, key: str) -> Any:
    """The newest topic with `key` in the user's county; 404 if there is none, 403 if the user
    may not see topics or it is another county's."""
    from kuulu.feedback.topics.models import Topic

    require_topics_viewer(user)
    topic = (
        Topic.objects.select_related("snapshot")
        .filter(key=key)
        .order_by("-snapshot__computed_at", "-snapshot_id")
        .first()
    )
    if topic is None:
        from django.http import Http404

        raise Http404
    if not can_view_topics(user, topic.county_id):
        raise PermissionDenied
    return topic


# --- Triage model status ----------------------------------------------------------------------


def can_view_triage_model(user: Any) -> bool:
    """The triage model's status and learning curve: coordinators (their county)."""
    return actor_for(user).is_coordinator


def require_triage_model_viewer(user: Any) -> Actor:
    if not can_view_triage_model(user):
        raise PermissionDenied
    return actor_for(user)


# --- Workspace modules ------------------------------------------------------------------------


def actor_handles_feedback(actor: Actor) -> bool:
    """For the workspace module list, which has the actor but not the user."""
    if not actor.is_staff:
        return False
    if actor.is_coordinator or actor.is_manager:
        return True
    return FeedbackHandler.objects.filter(user_id=actor.user_id, unit__is_active=True).exists()


def actor_handles_complaints(actor: Actor) -> bool:
    """One query: is the actor a responsible director or a handler of some complaint?"""
    if actor.is_coordinator:
        return True
    if not actor.is_staff:
        return False
    from kuulu.accounts.models import User

    return (
        User.objects.filter(pk=actor.user_id)
        .filter(
            Q(complaint_routings__isnull=False)
            | Q(directed_complaints__isnull=False)
            | Q(handled_complaints__isnull=False)
        )
        .exists()
    )
