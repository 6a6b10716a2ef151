"""Test data built with the same services the product uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from kuulu.codevelopment import services
from kuulu.codevelopment.models import (
    EQUALITY_QUESTIONS,
    DevelopmentProject,
    Experiment,
    WorkshopSeries,
)


def make_series(org: Any, *, unit: Any = None, **kwargs: Any) -> WorkshopSeries:
    kwargs.setdefault("title", "Kotihoidon pajat")
    return services.create_series(county=org.county, unit=unit or org.unit_a, **kwargs)


def make_experiment(org: Any, *, units: list[Any] | None = None, **data: Any) -> Experiment:
    data.setdefault("title", "Aamupalaveri")
    data.setdefault("problem", "Raportti on kiireinen.")
    data.setdefault("idea", "Yhteinen aamupalaveri.")
    data.setdefault("hypothesis", "Tieto kulkee paremmin.")
    data.setdefault("owner", org.manager_person)
    data.setdefault("starts_on", date(2026, 3, 1))
    data.setdefault("ends_on", date(2026, 5, 1))
    return services.create_experiment(county=org.county, data=data, units=units or [org.unit_a])


def evaluation_data(decision: str = "adopt", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "what_was_tried": "A morning meeting.",
        "what_happened": "People liked it.",
        "benefits_customers": "Fewer surprises.",
        "benefits_staff": "Less hurry.",
        "benefits_organisation": "Fewer double visits.",
        "costs_and_effort": "Ten minutes a day.",
        "can_be_adopted": "yes",
        "what_it_needs": "Time in the morning.",
        "decision": decision,
        "decision_reasons": "It worked.",
    }
    for prefix, _group, _dimension in EQUALITY_QUESTIONS:
        data[prefix] = "none"
        data[f"{prefix}_text"] = "Same for everyone."
    data.update(overrides)
    return data


def running(experiment: Experiment) -> Experiment:
    return services.change_status(experiment=experiment, status="running")


def evaluated(experiment: Experiment, decision: str = "adopt") -> Experiment:
    running(experiment)
    services.save_evaluation(experiment=experiment, data=evaluation_data(decision))
    experiment.refresh_from_db()
    return experiment


def make_project(org: Any, **data: Any) -> DevelopmentProject:
    data.setdefault("name", "ONNISTU")
    data.setdefault("starts_on", date(2026, 1, 1))
    data.setdefault("ends_on", date(2027, 12, 31))
    return services.create_project(county=org.county, data=data)
