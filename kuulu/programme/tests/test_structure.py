from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kuulu.core.models import AuditEvent
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.programme import structure
from kuulu.programme.models import (
    Goal,
    GoalIndicator,
    Measure,
    ParticipationProgramme,
    ProgrammeChange,
)
from kuulu.programme.tests.factories import (
    make_goal,
    make_indicator,
    make_measure,
    make_programme,
)

pytestmark = pytest.mark.django_db


def test_a_new_programme_is_a_draft_with_keusotes_four_perspectives(org):
    programme = structure.create_programme(
        county=org.county,
        data={"title_fi": "Osallisuusohjelma", "start_year": 2025, "end_year": 2028},
        user=org.coordinator,
    )

    assert programme.status == "draft"
    assert [
        (p.kind, p.title_fi, p.title_sv, p.title_en, p.position)
        for p in programme.perspectives.all()
    ] == [
        (
            "information",
            "Tieto ja asiointi",
            "Information och ärenden",
            "Information and transactions",
            0,
        ),
        ("service", "Palvelutilanne", "Servicesituationen", "The service situation", 1),
        ("development", "Kehittäminen", "Utveckling", "Development", 2),
        ("strategy", "Strateginen taso", "Strategisk nivå", "The strategy level", 3),
    ]
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="programme.participationprogramme"
        ).count()
        == 1
    )


def test_a_programme_needs_a_finnish_title_and_ordered_years(org):
    with pytest.raises(ValidationError) as error:
        structure.create_programme(
            county=org.county, data={"title_fi": "", "start_year": 2025, "end_year": 2028}
        )
    assert error.value.message_dict == {"title_fi": ["Give the title in Finnish."]}

    with pytest.raises(ValidationError) as error:
        structure.create_programme(
            county=org.county, data={"title_fi": "X", "start_year": 2028, "end_year": 2025}
        )
    assert error.value.messages == ["The last year cannot be before the first year."]
    assert not ParticipationProgramme.objects.exists()


def test_perspectives_can_be_renamed_reordered_added_and_removed(org):
    programme = make_programme(org.county)
    first, _second, third, fourth = programme.perspectives.all()

    structure.update_perspective(perspective=first, data={"title_fi": "Tiedonsaanti"})
    assert structure.move_perspective(perspective=third, offset=-1) is True
    assert structure.move_perspective(perspective=first, offset=-1) is False
    added = structure.add_perspective(programme=programme, data={"title_fi": "Järjestöyhteistyö"})
    structure.remove_perspective(perspective=fourth)

    assert [(p.title_fi, p.position) for p in programme.perspectives.order_by("position")] == [
        ("Tiedonsaanti", 0),
        ("Kehittäminen", 1),
        ("Palvelutilanne", 2),
        ("Järjestöyhteistyö", 4),
    ]
    assert added.kind == ""


def test_a_perspective_with_goals_is_not_removed(org):
    programme = make_programme(org.county)
    goal = make_goal(programme)

    with pytest.raises(ValidationError):
        structure.remove_perspective(perspective=goal.perspective)

    assert programme.perspectives.count() == 4


def test_a_goal_moves_to_another_perspective_of_the_same_programme_only(org):
    programme = make_programme(org.county)
    other = make_programme(org.county)
    goal = make_goal(programme)
    target = programme.perspectives.get(kind="strategy")

    structure.update_goal(goal=goal, data={"perspective": target})
    goal.refresh_from_db()
    assert goal.perspective == target

    with pytest.raises(ValidationError) as error:
        structure.update_goal(goal=goal, data={"perspective": other.perspectives.first()})
    assert list(error.value.message_dict) == ["perspective"]
    goal.refresh_from_db()
    assert goal.perspective == target


def test_goals_and_measures_keep_their_order(org):
    programme = make_programme(org.county)
    a, b = make_goal(programme, title_fi="A"), make_goal(programme, title_fi="B")
    m1, m2, m3 = (make_measure(a, title_fi=t) for t in ("1", "2", "3"))

    structure.move_goal(goal=b, offset=-1)
    structure.move_measure(measure=m3, offset=-1)

    assert list(Goal.objects.order_by("position").values_list("title_fi", flat=True)) == ["B", "A"]
    assert list(a.measures.order_by("position").values_list("title_fi", flat=True)) == [
        "1",
        "3",
        "2",
    ]
    assert {m1.pk, m2.pk, m3.pk} == set(Measure.objects.values_list("pk", flat=True))


def test_a_measure_takes_a_unit_and_staff_member_of_the_county_only(org):
    programme = make_programme(org.county)
    goal = make_goal(programme)
    other = make_county()
    foreign_unit = make_unit(other, code="x")
    foreign_person = make_person(other, kind="staff", unit=foreign_unit)

    with pytest.raises(ValidationError) as error:
        make_measure(goal, responsible_unit=foreign_unit, responsible_person=foreign_person)
    assert error.value.message_dict == {
        "responsible_unit": ["Choose a unit of this county."],
        "responsible_person": ["Choose an active staff member of this county."],
    }
    with pytest.raises(ValidationError) as error:
        make_measure(goal, responsible_person=org.resident_person)
    assert list(error.value.message_dict) == ["responsible_person"]
    assert not Measure.objects.exists()


def test_a_measure_is_due_after_it_starts(org):
    goal = make_goal(make_programme(org.county))

    with pytest.raises(ValidationError) as error:
        make_measure(goal, starts_on=date(2026, 5, 1), due_on=date(2026, 4, 30))

    assert error.value.messages == ["The due date cannot be before the start."]


def test_goal_indicators_are_checked_against_the_catalogue(org):
    goal = make_goal(make_programme(org.county))

    with pytest.raises(ValidationError) as error:
        make_indicator(goal, code="no_such_indicator")
    assert error.value.message_dict == {"code": ["Choose an indicator of the catalogue."]}

    with pytest.raises(ValidationError) as error:
        make_indicator(goal, code="feedback_on_time", baseline=60.0, target=120.0)
    assert error.value.message_dict == {
        "baseline_year": ["Give the year of the baseline."],
        "target": ["The value must be between 0 and 100."],
    }

    with pytest.raises(ValidationError) as error:
        make_indicator(goal, baseline=60.0, baseline_year=2029, target_year=2028)
    assert error.value.message_dict == {
        "target_year": ["The target year cannot be before the baseline year."]
    }

    indicator = make_indicator(goal, baseline=60.0, baseline_year=2024, target=90.0)
    with pytest.raises(ValidationError) as error:
        make_indicator(goal)
    assert error.value.message_dict == {"code": ["This goal already has this indicator."]}
    assert list(GoalIndicator.objects.all()) == [indicator]


def test_approval_needs_body_date_and_a_goal(org):
    programme = make_programme(org.county)

    with pytest.raises(ValidationError) as error:
        structure.approve_programme(programme=programme, approval_body=" ", approved_on=None)
    assert set(error.value.message_dict) == {"approval_body", "approved_on"}
    with pytest.raises(ValidationError) as error:
        structure.approve_programme(
            programme=programme, approval_body="Aluehallitus", approved_on=date(2025, 1, 20)
        )
    assert error.value.messages == ["Add at least one goal before approving the programme."]
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_draft_edits_keep_no_history_but_edits_after_approval_do(org):
    programme = make_programme(org.county)
    goal = make_goal(programme, title_fi="Vanha")
    measure = make_measure(goal, title_fi="Työpajat", hours=100)
    structure.update_goal(goal=goal, data={"title_fi": "Luonnos"})
    assert not ProgrammeChange.objects.exists()

    structure.approve_programme(
        programme=programme, approval_body="Aluehallitus", approved_on=date(2025, 1, 20)
    )
    assert not ProgrammeChange.objects.exists()
    structure.update_measure(
        measure=measure,
        data={"hours": 120, "responsible_unit": org.unit_a, "title_fi": "Työpajat"},
        user=org.coordinator,
    )
    added = make_goal(programme, title_fi="Uusi")
    structure.remove_goal(goal=added, user=org.coordinator)

    rows = list(
        ProgrammeChange.objects.order_by("id").values_list(
            "action", "object_type", "object_label", "field", "old_value", "new_value", "changed_by"
        )
    )
    assert rows == [
        ("update", "measure", "Työpajat", "responsible_unit", "", "Kotihoito", org.coordinator.pk),
        ("update", "measure", "Työpajat", "hours", "100", "120", org.coordinator.pk),
        ("create", "goal", "Uusi", "", "", "Uusi", None),
        ("delete", "goal", "Uusi", "", "Uusi", "", org.coordinator.pk),
    ]


def test_a_measure_with_follow_ups_is_cancelled_not_removed(org):
    from kuulu.programme import follow_up

    programme = make_programme(org.county, approved=True)
    measure = make_measure(programme.perspectives.first().goals.first())
    follow_up.record_follow_up(
        measure=measure,
        data={"year": 2025, "quarter": 1, "status": "in_progress"},
        today=date(2025, 4, 2),
    )

    with pytest.raises(ValidationError):
        structure.remove_measure(measure=measure)

    assert Measure.objects.filter(pk=measure.pk).exists()


def test_a_goal_or_measure_added_twice_is_a_field_error_and_one_row(org):
    # A double-clicked "Save" on the add form posted it twice: the goal (or measure) was
    # added twice, and the portal listed it twice.
    programme = make_programme(org.county)
    first, second = programme.perspectives.order_by("position", "id")[:2]
    goal = structure.add_goal(perspective=first, data={"title_fi": "Selkokieli"})
    structure.add_measure(goal=goal, data={"title_fi": "Työpajat"})

    with pytest.raises(ValidationError) as goal_twice:
        structure.add_goal(perspective=first, data={"title_fi": " selkokieli "})
    with pytest.raises(ValidationError) as measure_twice:
        structure.add_measure(goal=goal, data={"title_fi": "työpajat"})
    # The same title elsewhere is another goal or measure.
    other = structure.add_goal(perspective=second, data={"title_fi": "Selkokieli"})
    structure.add_measure(goal=other, data={"title_fi": "Työpajat"})

    assert goal_twice.value.message_dict == {
        "title_fi": ["The perspective already has a goal with this title."]
    }
    assert measure_twice.value.message_dict == {
        "title_fi": ["The goal already has a measure with this title."]
    }
    assert Goal.objects.filter(title_fi="Selkokieli").count() == 2
    assert Measure.objects.filter(title_fi="Työpajat").count() == 2


def test_a_perspective_added_twice_is_a_field_error_and_one_row(org):
    # A double-clicked "Save" on the add form added the perspective twice.
    programme = make_programme(org.county)
    structure.add_perspective(programme=programme, data={"title_fi": "Yhteistyö"})

    with pytest.raises(ValidationError) as twice:
        structure.add_perspective(programme=programme, data={"title_fi": " yhteistyö"})
    # The default perspective's title is taken too; another programme may have the title.
    with pytest.raises(ValidationError):
        structure.add_perspective(programme=programme, data={"title_fi": "Kehittäminen"})
    structure.add_perspective(
        programme=make_programme(org.county, start_year=2029, end_year=2032),
        data={"title_fi": "Yhteistyö"},
    )

    assert twice.value.message_dict == {
        "title_fi": ["The programme already has a perspective with this title."]
    }
    assert programme.perspectives.filter(title_fi="Yhteistyö").count() == 1
    assert programme.perspectives.count() == 5
