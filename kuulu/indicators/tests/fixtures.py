"""Small hand-computed fixtures for the built-in indicators."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

from django.utils import timezone

from kuulu.feedback.models import Feedback, PublishedFeedback

_seq = count(1)


def at(day: str, hour: int = 12) -> datetime:
    return timezone.make_aware(
        datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(hour=hour)
    )


def feedback(
    county: Any,
    unit: Any,
    received: str,
    *,
    due: str | None = None,
    answered: str | None = None,
    score: int | None = None,
    published: bool = False,
) -> Feedback:
    n = next(_seq)
    item = Feedback.objects.create(
        county=county,
        unit=unit,
        reference=f"PA-T{n:05d}",
        kind=Feedback.Kind.IDEA,
        text=f"Palaute {n}",
        received_at=at(received),
        due_on=date.fromisoformat(due) if due else None,
        answered_at=at(answered, 15) if answered else None,
        status=Feedback.Status.ANSWERED if answered else Feedback.Status.RECEIVED,
        score=score,
    )
    if published:
        PublishedFeedback.objects.create(feedback=item, masked_text="x", masked_response="y")
    return item


def feedback_fixture(org: Any) -> list[Feedback]:
    """Q1 2026: six items in unit_a (area_a), one in unit_b (area_b); one in Q2.

    county Q1: on time 1,2,4,6,7 of 7 judged (5 is open and overdue) -> 71.4 %;
    handling days 0,2,19,4,3,1 -> median 2.5; published 2 of 6 answered -> 33.3 %;
    scores 10,9,3,8,6,10 -> promoters 3, detractors 2 of 6 -> NPS 17.
    area_a Q1: on time 4 of 6 -> 66.7 %; days 0,2,19,4,3 -> 3; public 2 of 5 -> 40.0 %;
    scores 10,9,3,8,6 -> NPS 0."""
    c, a, b = org.county, org.unit_a, org.unit_b
    return [
        feedback(
            c, a, "2026-01-05", due="2026-01-19", answered="2026-01-05", score=10, published=True
        ),
        feedback(c, a, "2026-01-10", due="2026-01-24", answered="2026-01-12", score=9),
        feedback(c, org.team_a1, "2026-02-01", due="2026-02-15", answered="2026-02-20", score=3),
        feedback(
            c, a, "2026-02-02", due="2026-02-16", answered="2026-02-06", score=8, published=True
        ),
        feedback(c, a, "2026-03-01", due="2026-03-15"),
        feedback(c, a, "2026-03-02", due="2026-03-16", answered="2026-03-05", score=6),
        feedback(c, b, "2026-01-07", due="2026-01-21", answered="2026-01-08", score=10),
        feedback(c, a, "2026-04-10", due="2026-04-24", answered="2026-04-11", score=10),
    ]
