"""What needs attention in feedback, formal complaints and initiatives (the workspace home).

Each provider is one indexed COUNT query whatever the number of cases, after (for feedback)
two small ones for the handler's units; the aggregate reads the open cases due by a date
(`feedback_queue_idx`: county, status, due date).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.feedback.models import Complaint, Feedback, FeedbackHandler, Initiative
from kuulu.organisation.access import Actor
from kuulu.organisation.models import Unit
from kuulu.workspace.attention import AttentionItem, Urgency, provider, urgency_for

FEEDBACK_SOON_DAYS = 3
COMPLAINT_SOON_DAYS = 7
INITIATIVE_SOON_DAYS = 7
OPEN = [Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS]


def _feedback_scope(actor: Actor) -> Q | None:
    """The cases this actor handles: None for the whole county (coordinators), else the
    subtrees of their managed unit and the units they were named to handle. Cases without a
    unit yet belong to the unit their triage suggested (as in feedback.access.queue_filter).

    The subtrees' unit ids are read first and given as a list, so that PostgreSQL reads the
    partial index `feedback_open_unit_due_idx` (open cases by unit and due date): about 8 ms
    for a unit with 3,400 cases due among a million rows, where a subquery of units made it
    read every open case of the county (about 180 ms)."""
    if actor.is_coordinator:
        return None
    paths = list(
        FeedbackHandler.objects.filter(user_id=actor.user_id, unit__is_active=True).values_list(
            "unit__path", flat=True
        )
    )
    if actor.is_manager and actor.unit_path:
        paths.append(actor.unit_path)
    if not paths:
        return Q(pk__in=[])
    in_paths = Q()
    for path in paths:
        in_paths |= Q(path__startswith=path)
    units = list(Unit.objects.filter(in_paths).values_list("pk", flat=True))
    return Q(unit_id__in=units) | Q(unit__isnull=True, suggested_unit_id__in=units)


@provider
def feedback_due(actor: Actor, today: date) -> list[AttentionItem]:
    """Open feedback past its due date, and due within three days."""
    if not actor.is_staff:
        return []
    scope = _feedback_scope(actor)
    cases = Feedback.objects.filter(
        status__in=OPEN, due_on__lte=today + timedelta(days=FEEDBACK_SOON_DAYS)
    )
    if actor.county_id:
        cases = cases.filter(county_id=actor.county_id)
    if scope is not None:
        cases = cases.filter(scope)
    found = cases.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today)),
        first_overdue=Min("due_on", filter=Q(due_on__lt=today)),
        first_soon=Min("due_on", filter=Q(due_on__gte=today)),
    )
    url = reverse("feedback:queue")
    return [
        AttentionItem(
            key="feedback-overdue",
            label=_("Feedback past its due date"),
            count=found["overdue"],
            url=f"{url}?overdue=on",
            urgency=Urgency.OVERDUE,
            due=found["first_overdue"],
        ),
        AttentionItem(
            key="feedback-due-soon",
            label=_("Feedback due within 3 days"),
            count=found["soon"],
            url=url,
            urgency=Urgency.DUE_SOON,
            due=found["first_soon"],
        ),
    ]


@provider
def complaints_due(actor: Actor, today: date) -> list[AttentionItem]:
    """Open formal complaints of their handlers, past due or due within a week."""
    if not actor.is_staff:
        return []
    complaints = Complaint.objects.filter(
        status__in=[Complaint.Status.RECEIVED, Complaint.Status.IN_PROGRESS],
        due_on__lte=today + timedelta(days=COMPLAINT_SOON_DAYS),
    )
    if actor.is_coordinator:
        if actor.county_id:
            complaints = complaints.filter(county_id=actor.county_id)
    else:
        added = Complaint.handlers.through.objects.filter(user_id=actor.user_id)
        complaints = complaints.filter(
            Q(director_id=actor.user_id) | Q(pk__in=added.values("complaint_id"))
        )
        if actor.county_id:
            complaints = complaints.filter(county_id=actor.county_id)
    found = complaints.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today)),
        first_overdue=Min("due_on", filter=Q(due_on__lt=today)),
        first_soon=Min("due_on", filter=Q(due_on__gte=today)),
    )
    url = reverse("feedback:complaints")
    return [
        AttentionItem(
            key="complaints-overdue",
            label=_("Formal complaints past their due date"),
            count=found["overdue"],
            url=url,
            urgency=Urgency.OVERDUE,
            due=found["first_overdue"],
        ),
        AttentionItem(
            key="complaints-due-soon",
            label=_("Formal complaints to answer within 7 days"),
            count=found["soon"],
            url=url,
            urgency=Urgency.DUE_SOON,
            due=found["first_soon"],
        ),
    ]


@provider
def initiative_notices_due(actor: Actor, today: date) -> list[AttentionItem]:
    """Initiatives whose initiators have not yet been told who handles them (county act 30 §:
    within a month), due within a week or late."""
    if not actor.is_staff:
        return []
    initiatives = Initiative.objects.filter(
        handler_notice_sent_on__isnull=True,
        handler_notice_due__lte=today + timedelta(days=INITIATIVE_SOON_DAYS),
    )
    if not actor.is_coordinator:
        initiatives = initiatives.filter(handled_by_id=actor.user_id)
    if actor.county_id:
        initiatives = initiatives.filter(county_id=actor.county_id)
    found = initiatives.aggregate(count=Count("pk"), due=Min("handler_notice_due"), first=Min("pk"))
    url = (
        reverse("feedback:initiative", args=[found["first"]])
        if found["count"] == 1
        else reverse("feedback:initiatives")
    )
    return [
        AttentionItem(
            key="initiative-notices",
            label=_("Initiatives whose initiators must be told who handles them"),
            count=found["count"],
            url=url,
            urgency=urgency_for(found["due"], today=today, soon_days=INITIATIVE_SOON_DAYS),
            due=found["due"],
        )
    ]
