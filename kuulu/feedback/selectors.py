"""Reads for feedback queues, case pages, the public list, complaints and initiatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from kuulu.feedback import access
from kuulu.feedback.models import (
    Complaint,
    Feedback,
    FeedbackEvent,
    FeedbackHandler,
    Initiative,
    PublishedFeedback,
    ReplyTemplate,
    Theme,
)
from kuulu.organisation.models import County, Unit

UNIT_SEARCH_LIMIT = 20


def needs_complaint_choice(text: str, *, county: County, language: str) -> bool:
    """Should the feedback form offer this writer the formal complaint (muistutus) and the
    ombudsman? The triage complaint model decides (trained on texts labelled with whether the
    writer wanted a formal complaint; explicit words such as "muistutus", "anmärkning" or
    "formal complaint" always show it). It only decides what to tell; nothing changes."""
    from kuulu.feedback.triage.suggestions import complaint_choice_for

    return complaint_choice_for(text, county=county, language=language)


def search_units(county: County, query: str) -> QuerySet[Unit]:
    """Active units whose name in any language contains every word of the query."""
    units = Unit.objects.filter(county=county, is_active=True)
    words = query.split()[:5]
    if not words:
        return units.none()
    for word in words:
        units = units.filter(
            Q(name_fi__icontains=word)
            | Q(name_sv__icontains=word)
            | Q(name_en__icontains=word)
            | Q(code__iexact=word)
        )
    return units.select_related("parent").order_by("path")[:UNIT_SEARCH_LIMIT]


def unit_by_code(county: County, code: str) -> Unit | None:
    if "\x00" in code:
        # No code holds a NUL, and PostgreSQL cannot compare text with one (the feedback form's
        # hidden unit code comes back as posted).
        return None
    return Unit.objects.filter(county=county, code=code, is_active=True).first()


def active_themes(county: County) -> QuerySet[Theme]:
    return Theme.objects.filter(county=county, is_active=True)


def reply_templates(county: County) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(county=county, is_active=True)


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open", "all" or one status
    kind: str = ""
    unit_id: int | None = None
    mine: bool = False
    overdue: bool = False
    untriaged: bool = False


def feedback_queue(user: Any, filters: QueueFilters, *, today: date | None = None) -> QuerySet:
    """The cases this user handles, oldest due first."""
    today = today or timezone.localdate()
    cases = Feedback.objects.select_related("unit", "theme", "assignee__person", "suggested_unit")
    condition = access.queue_filter(user)
    if condition is not None:
        cases = cases.filter(condition)
    from kuulu.organisation.access import actor_for

    actor = actor_for(user)
    if actor.county_id:
        cases = cases.filter(county_id=actor.county_id)
    if filters.status == "open":
        cases = cases.exclude(status=Feedback.Status.CLOSED)
    elif filters.status in Feedback.Status.values:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.unit_id:
        unit = Unit.objects.filter(pk=filters.unit_id).first()
        cases = cases.filter(unit__path__startswith=unit.path) if unit else cases.none()
    if filters.mine:
        cases = cases.filter(assignee_id=user.pk)
    if filters.overdue:
        cases = cases.overdue(today)
    if filters.untriaged:
        cases = cases.filter(triage_confirmed=False)
    return cases.order_by("due_on", "received_at", "id")


@dataclass(frozen=True)
class QueueCounts:
    open: int
    overdue: int
    untriaged: int


def queue_counts(user: Any, *, today: date | None = None) -> QueueCounts:
    today = today or timezone.localdate()
    cases = Feedback.objects.exclude(status=Feedback.Status.CLOSED)
    condition = access.queue_filter(user)
    if condition is not None:
        cases = cases.filter(condition)
    from kuulu.organisation.access import actor_for

    actor = actor_for(user)
    if actor.county_id:
        cases = cases.filter(county_id=actor.county_id)
    totals = cases.aggregate(
        open=Count("id"),
        overdue=Count(
            "id",
            filter=Q(
                status__in=[Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS],
                due_on__lt=today,
            ),
        ),
        untriaged=Count("id", filter=Q(triage_confirmed=False)),
    )
    return QueueCounts(**totals)


def feedback_history(feedback: Feedback) -> QuerySet[FeedbackEvent]:
    return feedback.events.select_related("actor__person", "from_unit", "to_unit").order_by(
        "at", "id"
    )


def reply_count(feedback: Feedback) -> int:
    """How many replies the customer has been sent (the case page tells its reply form)."""
    return feedback.events.filter(kind=FeedbackEvent.Kind.REPLY).count()


def possible_assignees(feedback: Feedback) -> list[Any]:
    """Named handlers of the unit or its ancestors, and managers of those units."""
    from kuulu.accounts.models import User
    from kuulu.organisation.models import Person

    unit = feedback.unit or feedback.suggested_unit
    if unit is None:
        return []
    ancestor_ids = [int(part) for part in unit.path.split("/") if part.isdigit()] or [unit.pk]
    user_ids = set(
        FeedbackHandler.objects.filter(unit_id__in=ancestor_ids).values_list("user_id", flat=True)
    )
    user_ids |= set(
        Person.objects.filter(
            unit_id__in=ancestor_ids, is_manager=True, is_active=True, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("email"))


def own_cases(
    feedback_ids: list[int], initiative_ids: list[int]
) -> tuple[list[Feedback], list[Initiative]]:
    """The cases a strongly identified person made (ids from identity.access.own_case_ids)."""
    feedback = list(Feedback.objects.filter(pk__in=feedback_ids).order_by("-received_at", "-id"))
    initiatives = list(
        Initiative.objects.filter(pk__in=initiative_ids).order_by("-received_at", "-id")
    )
    return feedback, initiatives


def published_feedback(county: County | None, *, limit: int | None = None) -> QuerySet:
    items = (
        PublishedFeedback.objects.select_related("feedback__unit", "feedback__theme")
        .filter(feedback__anonymised_at__isnull=True)
        .exclude(feedback__secrecy="secret")
    )
    if county is not None:
        items = items.filter(feedback__county=county)
    return items[:limit] if limit else items


def handlers_of(units: QuerySet[Unit]) -> QuerySet[FeedbackHandler]:
    return (
        FeedbackHandler.objects.filter(unit__in=units)
        .select_related("unit", "user")
        .order_by("unit__path", "user__email")
    )


# --- Formal complaints ------------------------------------------------------------------------


def complaints_for_handler(user: Any, *, status: str = "open") -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related("unit", "director")
    condition = access.complaints_filter(user)
    if condition is not None:
        complaints = complaints.filter(condition)
    if status == "open":
        complaints = complaints.filter(
            status__in=[Complaint.Status.RECEIVED, Complaint.Status.IN_PROGRESS]
        )
    elif status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    return complaints.distinct().order_by("due_on", "id")


# --- Initiatives ------------------------------------------------------------------------------


def initiatives_for_handler(user: Any) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.select_related("unit", "handled_by").annotate(
        signer_count=Count("signers")
    )
    condition = access.initiatives_filter(user)
    if condition is not None:
        initiatives = initiatives.filter(condition)
    return initiatives.order_by("-received_at", "-id")


@dataclass(frozen=True)
class InitiativeYear:
    year: int
    received: int
    notice_sent: int
    notice_in_time: int
    decided: int
    open: int


def initiative_years(county_id: int | None) -> list[int]:
    initiatives = Initiative.objects.all()
    if county_id:
        initiatives = initiatives.filter(county_id=county_id)
    years = initiatives.annotate(y=ExtractYear("received_at")).values_list("y", flat=True)
    return sorted(set(years), reverse=True) or [timezone.localdate().year]


def initiatives_report(county_id: int | None, year: int) -> tuple[InitiativeYear, list[Initiative]]:
    """The yearly report the board gives the council: what came in, who handles it, what was
    decided."""
    initiatives = Initiative.objects.filter(received_at__year=year).select_related("unit")
    if county_id:
        initiatives = initiatives.filter(county_id=county_id)
    initiatives = initiatives.annotate(signer_count=Count("signers")).order_by("received_at", "id")
    rows = list(initiatives)
    summary = InitiativeYear(
        year=year,
        received=len(rows),
        notice_sent=sum(1 for i in rows if i.handler_notice_sent_on),
        notice_in_time=sum(
            1
            for i in rows
            if i.handler_notice_sent_on and i.handler_notice_sent_on <= i.handler_notice_due
        ),
        decided=sum(1 for i in rows if i.status == Initiative.Status.DECIDED),
        open=sum(1 for i in rows if i.status != Initiative.Status.DECIDED),
    )
    return summary, rows
