"""The follow-up and the tree under real concurrency on PostgreSQL."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kuulu.core.errors import is_duplicate
from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race
from kuulu.programme import follow_up, structure
from kuulu.programme.models import FollowUp, GoalIndicator, Measure
from kuulu.programme.tests.factories import make_goal, make_measure, make_programme

pytestmark = pytest.mark.postgres


def test_parallel_follow_ups_of_the_same_quarter_make_one_entry(postgres):
    programme = make_programme(make_county(), approved=True)
    measure = make_measure(programme.perspectives.first().goals.first())

    def record(status):
        return lambda: follow_up.record_follow_up(
            measure=measure,
            data={"year": 2025, "quarter": 1, "status": status},
            today=date(2025, 4, 2),
        )

    outcomes = _race(*(record(s) for s in ("in_progress", "delayed", "done", "in_progress")))

    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    entry = FollowUp.objects.get()
    measure.refresh_from_db()
    assert measure.status == entry.status  # the last writer's status on both


def test_parallel_moves_keep_positions_distinct(postgres):
    programme = make_programme(make_county())
    goal = make_goal(programme)
    measures = [make_measure(goal, title_fi=str(n)) for n in range(4)]

    outcomes = _race(
        *(
            (lambda m=m: structure.move_measure(measure=m, offset=-1))
            for m in measures[1:] + measures[:1]
        )
    )

    assert all(kind == "ok" for kind, _ in outcomes)
    positions = sorted(Measure.objects.values_list("position", flat=True))
    assert positions == [0, 1, 2, 3]


def test_parallel_additions_of_the_same_indicator_make_one_row_and_form_errors(postgres):
    # A double-clicked "Add" posts the form twice: both passed the check, the second insert
    # broke the unique constraint, and the coordinator saw a 500.
    goal = make_goal(make_programme(make_county()))
    data = {"code": "feedback_on_time", "target": 90.0, "target_year": 2028}

    outcomes = _race(*((lambda: structure.add_indicator(goal=goal, data=data)) for _ in range(4)))

    # The threads run in the default language, so the field and the code are compared.
    assert [kind for kind, _value in outcomes].count("ok") == 1, outcomes
    assert [
        (type(exc), list(exc.message_dict), is_duplicate(exc))
        for kind, exc in outcomes
        if kind == "error"
    ] == [(ValidationError, ["code"], True)] * 3
    assert GoalIndicator.objects.filter(goal=goal).count() == 1


def test_parallel_additions_of_the_same_goal_and_measure_make_one_each(postgres):
    # A double-clicked "Save" posts the add form twice at once: both requests added it.
    programme = make_programme(make_county())
    perspective = programme.perspectives.order_by("position", "id").first()
    goal = make_goal(programme)

    goals = _race(
        *(
            (lambda: structure.add_goal(perspective=perspective, data={"title_fi": "Selkokieli"}))
            for _ in range(3)
        )
    )
    measures = _race(
        *(
            (lambda: structure.add_measure(goal=goal, data={"title_fi": "Työpajat"}))
            for _ in range(3)
        )
    )

    for outcomes in (goals, measures):
        assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
        errors = [exc for kind, exc in outcomes if kind == "error"]
        assert [(type(e), list(e.message_dict), is_duplicate(e)) for e in errors] == [
            (ValidationError, ["title_fi"], True)
        ] * 2
    assert perspective.goals.filter(title_fi="Selkokieli").count() == 1
    assert goal.measures.filter(title_fi="Työpajat").count() == 1


def test_parallel_additions_of_the_same_perspective_make_one(postgres):
    programme = make_programme(make_county())

    outcomes = _race(
        *(
            (lambda: structure.add_perspective(programme=programme, data={"title_fi": "Yhteistyö"}))
            for _ in range(3)
        )
    )

    assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
    assert programme.perspectives.filter(title_fi="Yhteistyö").count() == 1
