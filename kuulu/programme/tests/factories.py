"""Test data built with the programme's own services."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from kuulu.organisation.models import County
from kuulu.programme import structure
from kuulu.programme.models import Goal, GoalIndicator, Measure, ParticipationProgramme

_seq = itertools.count(1)


def make_programme(
    county: County, *, approved: bool = False, **data: Any
) -> ParticipationProgramme:
    data.setdefault("title_fi", f"Osallisuusohjelma {next(_seq)}")
    data.setdefault("start_year", 2025)
    data.setdefault("end_year", 2028)
    programme = structure.create_programme(county=county, data=data)
    if approved:
        if not Goal.objects.filter(perspective__programme=programme).exists():
            make_goal(programme)
        programme = structure.approve_programme(
            programme=programme, approval_body="Aluehallitus", approved_on=date(2025, 1, 20)
        )
    return programme


def make_goal(programme: ParticipationProgramme, *, position: int = 0, **data: Any) -> Goal:
    data.setdefault("title_fi", f"Tavoite {next(_seq)}")
    perspective = programme.perspectives.order_by("position", "id")[position]
    return structure.add_goal(perspective=perspective, data=data)


def make_measure(goal: Goal, **data: Any) -> Measure:
    data.setdefault("title_fi", f"Toimenpide {next(_seq)}")
    return structure.add_measure(goal=goal, data=data)


def make_indicator(goal: Goal, **data: Any) -> GoalIndicator:
    data.setdefault("code", "feedback_on_time")
    data.setdefault("target", 90.0)
    data.setdefault("target_year", 2028)
    return structure.add_indicator(goal=goal, data=data)
