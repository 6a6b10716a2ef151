from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kuulu.programme import follow_up
from kuulu.programme.models import FollowUp, ProgrammeChange
from kuulu.programme.tests.factories import make_goal, make_measure, make_programme

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 10)


def _approved_measure(org, **data):
    programme = make_programme(org.county, approved=True)
    return make_measure(programme.perspectives.first().goals.first(), **data)


def _record(measure, today=TODAY, user=None, **data):
    values = {"year": 2026, "quarter": 1, "status": "in_progress", "note": "", "evidence_links": ""}
    values.update(data)
    return follow_up.record_follow_up(measure=measure, data=values, today=today, user=user)


def test_a_follow_up_is_recorded_once_per_quarter_and_sets_the_measure_status(org):
    measure = _approved_measure(org)

    entry = _record(
        measure,
        user=org.staff,
        note="Kaksi työpajaa pidetty.",
        evidence_links="https://example.test/a\n\n https://example.test/b ",
    )

    measure.refresh_from_db()
    assert measure.status == "in_progress"
    assert (entry.year, entry.quarter, entry.recorded_by) == (2026, 1, org.staff)
    assert entry.links == ["https://example.test/a", "https://example.test/b"]
    # A new entry is a report, not an edit: only the measure's status change is history.
    assert list(
        ProgrammeChange.objects.exclude(action="create").values_list(
            "object_type", "field", "old_value", "new_value"
        )
    ) == [("measure", "status", "planned", "in_progress")]


def test_recording_the_same_quarter_again_changes_the_entry_with_history(org):
    measure = _approved_measure(org)
    first = _record(measure, user=org.staff)

    second = _record(measure, user=org.manager, status="delayed", note="Viivästyy.")

    assert second.pk == first.pk
    assert FollowUp.objects.count() == 1
    assert second.recorded_by == org.manager
    measure.refresh_from_db()
    assert measure.status == "delayed"
    changes = set(
        ProgrammeChange.objects.filter(object_type="follow_up").values_list(
            "field", "old_value", "new_value"
        )
    )
    assert changes == {("status", "in_progress", "delayed"), ("note", "", "Viivästyy.")}


def test_an_older_quarter_does_not_overwrite_the_measure_status(org):
    measure = _approved_measure(org)
    _record(measure, quarter=1, status="done")

    _record(measure, year=2025, quarter=4, status="delayed")

    measure.refresh_from_db()
    assert measure.status == "done"


def test_follow_up_rules(org):
    measure = _approved_measure(org)
    draft_measure = make_measure(make_goal(make_programme(org.county)))

    cases = [
        (draft_measure, {}, "__all__"),
        (measure, {"year": 2024, "quarter": 4}, "year"),
        (measure, {"quarter": 3}, "quarter"),
        (measure, {"status": "finished"}, "status"),
        (measure, {"evidence_links": "https://ok.test\njavascript:alert(1)"}, "evidence_links"),
    ]
    for target, data, field in cases:
        with pytest.raises(ValidationError) as error:
            _record(target, **data)
        assert list(error.value.message_dict) == [field], data
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("quarter", [0, 5, 13, -1, None, "2"])
def test_a_quarter_outside_1_to_4_is_a_field_error_not_a_crash(org, quarter):
    measure = _approved_measure(org)

    with pytest.raises(ValidationError) as error:
        _record(measure, year=2025, quarter=quarter)

    assert error.value.message_dict == {"quarter": ["Choose a quarter from 1 to 4."]}
    assert not FollowUp.objects.exists()


def test_a_missing_year_is_a_field_error(org):
    measure = _approved_measure(org)

    with pytest.raises(ValidationError) as error:
        _record(measure, year=None)

    assert list(error.value.message_dict) == ["year"]
    assert not FollowUp.objects.exists()


def test_changing_the_follow_up_of_a_measure_with_a_long_title_fits_its_history_row(org):
    # The history's "part title" of a follow-up is the measure's title and the quarter: with
    # a title of 300 characters (the most a measure has) it was 308, which PostgreSQL refused,
    # so changing that quarter's follow-up was a server error.
    measure = _approved_measure(org, title_fi="T" * 300)
    _record(measure, user=org.staff, note="Ensimmäinen")

    _record(measure, user=org.staff, note="Korjattu")

    labels = list(
        ProgrammeChange.objects.filter(object_type="follow_up").values_list(
            "object_label", flat=True
        )
    )
    assert labels == ["T" * 292 + " 2026 Q1"]
    assert FollowUp.objects.get().note == "Korjattu"
