"""Suggesting experience experts for a request: pure Python, no Django.

Hard rules (a candidate failing one is not suggested): consent in force, marked available,
not unavailable on the request date, speaks the request's language, and shares at least one
of the requested experience areas (when the request names any).

Points (at most 100), so that the coordinator sees why an expert ranks where they do:

| part | points |
|---|---|
| areas | 40 * share of the requested areas the expert covers |
| place | 20 when the expert serves the municipality (or takes remote work for a remote request) |
| type | 10 when the assignment type is one the expert prefers; 5 when they named no preference |
| rotation, recent | 20 / (1 + assignments in the last 12 months): fewer assignments rank higher |
| rotation, last | 10 * (days since the last assignment / 365, at most 1); 10 when never |

Ties go to fewer recent assignments, then the longer wait since the last one, then the id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

AREA_POINTS = 40.0
PLACE_POINTS = 20.0
TYPE_POINTS = 10.0
TYPE_NO_PREFERENCE_POINTS = 5.0
RECENT_POINTS = 20.0
WAIT_POINTS = 10.0
WAIT_FULL_DAYS = 365


class Place(StrEnum):
    MUNICIPALITY = "municipality"  # serves the request's municipality
    REMOTE = "remote"  # remote request, expert takes remote work
    ELSEWHERE = "elsewhere"  # neither: would need to travel or work remotely unasked


@dataclass(frozen=True)
class Candidate:
    id: int
    areas: frozenset[int]
    languages: frozenset[str]
    municipalities: frozenset[int]
    remote_ok: bool
    available: bool
    unavailable_until: date | None
    types: frozenset[str]
    assignments_last_12_months: int
    last_assignment_on: date | None
    consent_withdrawn: bool = False


@dataclass(frozen=True)
class Need:
    """What the request asks for."""

    areas: frozenset[int]
    language: str
    on: date
    type: str
    remote: bool
    municipality_id: int | None


@dataclass(frozen=True)
class Breakdown:
    areas: float
    place: float
    type: float
    rotation_recent: float
    rotation_wait: float

    @property
    def total(self) -> float:
        return round(
            self.areas + self.place + self.type + self.rotation_recent + self.rotation_wait, 2
        )


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    breakdown: Breakdown
    matched_areas: int
    needed_areas: int
    place: Place
    preferred_type: bool

    @property
    def score(self) -> float:
        return self.breakdown.total


def is_eligible(candidate: Candidate, need: Need) -> bool:
    if candidate.consent_withdrawn or not candidate.available:
        return False
    if candidate.unavailable_until is not None and candidate.unavailable_until >= need.on:
        return False
    if need.language not in candidate.languages:
        return False
    return not (need.areas and not (need.areas & candidate.areas))


def score(candidate: Candidate, need: Need) -> Suggestion:
    """Points for one candidate (eligibility is not checked here)."""
    matched = len(need.areas & candidate.areas)
    area_points = AREA_POINTS * matched / len(need.areas) if need.areas else AREA_POINTS
    if need.remote and candidate.remote_ok:
        place = Place.REMOTE
    elif not need.remote and need.municipality_id in candidate.municipalities:
        place = Place.MUNICIPALITY
    else:
        place = Place.ELSEWHERE
    preferred = need.type in candidate.types
    if preferred:
        type_points = TYPE_POINTS
    elif not candidate.types:
        type_points = TYPE_NO_PREFERENCE_POINTS
    else:
        type_points = 0.0
    if candidate.last_assignment_on is None:
        wait_points = WAIT_POINTS
    else:
        days = max((need.on - candidate.last_assignment_on).days, 0)
        wait_points = WAIT_POINTS * min(days / WAIT_FULL_DAYS, 1.0)
    breakdown = Breakdown(
        areas=round(area_points, 2),
        place=PLACE_POINTS if place is not Place.ELSEWHERE else 0.0,
        type=type_points,
        rotation_recent=round(RECENT_POINTS / (1 + candidate.assignments_last_12_months), 2),
        rotation_wait=round(wait_points, 2),
    )
    return Suggestion(
        candidate=candidate,
        breakdown=breakdown,
        matched_areas=matched,
        needed_areas=len(need.areas),
        place=place,
        preferred_type=preferred,
    )


def _order(suggestion: Suggestion) -> tuple:
    c = suggestion.candidate
    last = c.last_assignment_on.toordinal() if c.last_assignment_on else -1
    return (-suggestion.score, c.assignments_last_12_months, last, c.id)


def rank(
    candidates: Iterable[Candidate], need: Need, *, limit: int | None = None
) -> list[Suggestion]:
    """Eligible candidates, best first, with the points of each part."""
    suggestions = [score(c, need) for c in candidates if is_eligible(c, need)]
    suggestions.sort(key=_order)
    return suggestions if limit is None else suggestions[:limit]
