"""Reads of the coordination model."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.organisation.models import County


def coordination_model(*, county: County | None) -> QuerySet[CoordinationArea]:
    """Areas with their tasks and the responsible unit or person, in three queries."""
    tasks = CoordinationTask.objects.select_related(
        "responsible_unit", "responsible_person"
    ).order_by("order", "id")
    return (
        CoordinationArea.objects.filter(county=county)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("number")
    )
