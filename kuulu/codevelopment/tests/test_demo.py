"""The demo: a workshop series, three experiments (adopted into a practice another unit
adopted, adapted, stopped), a project with planned and actual figures; idempotent."""

import pytest

from kuulu.codevelopment import selectors
from kuulu.codevelopment.models import (
    DevelopmentProject,
    Evaluation,
    Experiment,
    GoodPractice,
    WorkshopSeries,
)


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent():
    from kuulu.workspace.demo import load_demo

    first = load_demo()
    assert first["codevelopment"] > 0
    assert load_demo()["codevelopment"] == 0
    assert WorkshopSeries.objects.count() == 1
    assert sorted(Evaluation.objects.values_list("decision", flat=True)) == [
        "adapt",
        "adopt",
        "stop",
    ]
    assert set(Experiment.objects.values_list("status", flat=True)) == {"closed"}
    practice = GoodPractice.objects.get()
    assert practice.adoptions.count() == 1
    assert practice.adoptions.get().unit != practice.unit
    project = DevelopmentProject.objects.get()
    rows = {row.metric: row for row in selectors.planned_against_actual(project)}
    assert (rows["persons"].planned, rows["persons"].actual) == (40, 13)
    assert (rows["women"].actual, rows["men"].actual) == (8, 5)
    assert rows["attendance"].actual == 8
    assert rows["experiments"].actual == 3
    assert rows["practices"].actual == 1
    assert selectors.group_mix(WorkshopSeries.objects.get()).warnings == ()
