"""Reads for the public portal. The front page uses a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from kuulu.coordination.models import CoordinationArea
from kuulu.organisation.models import County, Municipality
from kuulu.organisation.selectors import default_county


@dataclass(frozen=True)
class FrontPage:
    county: County | None
    municipalities: list[Municipality]
    coordination_areas: list[Any]
    # Filled in by later capabilities (channels, events, surveys, consultations).
    ways_to_participate: list[Any] = field(default_factory=list)
    upcoming_events: list[Any] = field(default_factory=list)
    open_surveys: list[Any] = field(default_factory=list)
    budgeting: list[Any] = field(default_factory=list)
    panel_calls: list[Any] = field(default_factory=list)
    answered_questions: list[Any] = field(default_factory=list)


def front_page() -> FrontPage:
    """The public county's front page (`organisation.selectors.default_county`): with several
    counties in one installation, every list shows that county's items only."""
    county = default_county()
    if county is None:
        return FrontPage(county=None, municipalities=[], coordination_areas=[])
    municipalities = list(Municipality.objects.filter(county=county).order_by("name"))
    areas = list(
        CoordinationArea.objects.filter(county=county)
        .annotate(
            task_count=Count("tasks"),
            agreed_count=Count("tasks", filter=~Q(tasks__status="not_agreed")),
        )
        .order_by("number")
    )
    from kuulu.budgeting.selectors import open_now as budgeting_open_now
    from kuulu.channels.selectors import ways_to_participate
    from kuulu.deliberation.selectors import open_conversations
    from kuulu.events.selectors import upcoming_public_sessions
    from kuulu.panels.models import Panel
    from kuulu.questions.selectors import front_page_questions

    return FrontPage(
        county=county,
        municipalities=municipalities,
        coordination_areas=areas,
        ways_to_participate=ways_to_participate(county),
        open_surveys=open_conversations(limit=6, county=county),
        upcoming_events=upcoming_public_sessions(limit=5, county=county),
        budgeting=budgeting_open_now(limit=3, county=county),
        panel_calls=list(
            Panel.objects.filter(county=county, status=Panel.Status.VOLUNTEERING).order_by(
                "-created_at", "-id"
            )[:3]
        ),
        answered_questions=front_page_questions(limit=3, county=county),
    )
