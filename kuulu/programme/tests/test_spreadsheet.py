from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from kuulu.programme import spreadsheet, structure
from kuulu.programme.models import Goal, GoalIndicator, Measure, ProgrammePerspective
from kuulu.programme.spreadsheet import COLUMNS, RowError
from kuulu.programme.tests.factories import (
    make_goal,
    make_indicator,
    make_measure,
    make_programme,
)

pytestmark = pytest.mark.django_db


def _workbook(sheets: dict[str, list[list]]) -> BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(COLUMNS[name]))
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _good_sheets(org):
    return {
        "Perspectives": [["P1", "information", "Tieto", "", ""], ["P2", "", "Yhteistyö", "", ""]],
        "Goals": [["G1", "P1", "Ymmärrettävä tieto", "", "", "", "", ""]],
        "Indicators": [["G1", "feedback_on_time", 68, 2024, 90, 2028]],
        "Measures": [
            [
                "M1",
                "G1",
                "Selkokieliset ohjeet",
                "Lättlästa anvisningar",
                "",
                "",
                "",
                "",
                "unit-a",
                "MANAGER@example.test",
                date(2025, 2, 1),
                "2026-12-31",
                120,
                "in_progress",
            ]
        ],
    }


def test_export_has_one_sheet_per_level_with_references(org):
    programme = make_programme(org.county)
    goal = make_goal(programme, title_fi="=Tavoite")
    make_indicator(goal, baseline=68.0, baseline_year=2024)
    make_measure(
        goal,
        title_fi="Työpajat",
        responsible_unit=org.unit_a,
        responsible_person=org.manager_person,
        due_on=date(2026, 6, 30),
        hours=200,
    )

    workbook = load_workbook(BytesIO(spreadsheet.export_workbook(programme)))

    assert workbook.sheetnames == ["Perspectives", "Goals", "Indicators", "Measures", "Follow-ups"]
    goals = list(workbook["Goals"].iter_rows(values_only=True))
    assert goals[1][:3] == ("P1.G1", "P1", "'=Tavoite")
    indicators = list(workbook["Indicators"].iter_rows(values_only=True))
    assert indicators[1] == ("P1.G1", "feedback_on_time", 68, 2024, 90, 2028)
    measures = list(workbook["Measures"].iter_rows(values_only=True))
    assert measures[1][0:3] == ("P1.G1.M1", "P1.G1", "Työpajat")
    assert measures[1][8:] == ("unit-a", "manager@example.test", None, "2026-06-30", 200, "planned")


def test_import_replaces_a_drafts_structure(org):
    programme = make_programme(org.county)
    make_goal(programme, title_fi="Poistuu")

    result = spreadsheet.import_workbook(programme=programme, file=_workbook(_good_sheets(org)))

    assert (result.perspectives, result.goals, result.indicators, result.measures) == (2, 1, 1, 1)
    assert list(
        ProgrammePerspective.objects.filter(programme=programme).values_list(
            "kind", "title_fi", "position"
        )
    ) == [("information", "Tieto", 0), ("", "Yhteistyö", 1)]
    assert list(Goal.objects.values_list("title_fi", flat=True)) == ["Ymmärrettävä tieto"]
    indicator = GoalIndicator.objects.get()
    assert (indicator.code, indicator.baseline, indicator.target) == (
        "feedback_on_time",
        68.0,
        90.0,
    )
    measure = Measure.objects.get()
    assert (
        measure.title_sv,
        measure.responsible_unit,
        measure.responsible_person,
        measure.starts_on,
        measure.due_on,
        measure.hours,
        measure.status,
    ) == (
        "Lättlästa anvisningar",
        org.unit_a,
        org.manager_person,
        date(2025, 2, 1),
        date(2026, 12, 31),
        120,
        "in_progress",
    )


def test_an_export_imports_back_into_a_new_draft(org):
    source = make_programme(org.county, approved=True)
    goal = source.perspectives.first().goals.first()
    make_indicator(goal, baseline=1.5, baseline_year=2024, target=3.25)
    make_measure(goal, responsible_unit=org.team_a1, status="delayed")
    draft = make_programme(org.county, start_year=2029, end_year=2032)

    spreadsheet.import_workbook(programme=draft, file=BytesIO(spreadsheet.export_workbook(source)))

    assert spreadsheet.export_rows(draft) == spreadsheet.export_rows(source)


def test_import_lists_every_error_by_row_and_column_and_imports_nothing(org):
    programme = make_programme(org.county)
    before = list(programme.perspectives.values_list("pk", flat=True))
    sheets = _good_sheets(org)
    sheets["Perspectives"].append(["P1", "nonsense", "", "", ""])
    sheets["Goals"].append(["G2", "P9", "Orpo", "", "", "", "", ""])
    sheets["Indicators"].append(["G1", "no_such", "x", 2024, 90, 2028])
    sheets["Indicators"].append(["G1", "feedback_on_time", 1, 2024, 150, 2028])
    sheets["Measures"].append(
        ["M2", "G1", "", "", "", "", "", "", "nope", "who@x.test", "1.2.2025", "", -1, "finished"]
    )
    sheets["Measures"].append(
        ["M3", "G1", "Väärin päin", "", "", "", "", "", "", "", "2026-05-01", "2026-04-01", 1, ""]
    )

    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_workbook(programme=programme, file=_workbook(sheets))

    assert spreadsheet.error_rows(failed.value.errors) == [
        RowError(
            "Perspectives",
            4,
            "kind",
            "Leave empty or use one of: information, service, development, strategy.",
        ),
        RowError("Perspectives", 4, "ref", "This reference is used on an earlier row."),
        RowError("Perspectives", 4, "title_fi", "This value is required."),
        RowError("Goals", 3, "perspective_ref", "No perspective has this reference."),
        RowError("Indicators", 3, "baseline", "Give a number."),
        RowError("Indicators", 4, "target", "The value must be between 0 and 100."),
        RowError("Measures", 3, "hours", "Give a whole number from 0 to 100000."),
        RowError(
            "Measures",
            3,
            "responsible_person",
            "No active staff member of this county has this email address.",
        ),
        RowError("Measures", 3, "responsible_unit", "No unit of this county has this code."),
        RowError("Measures", 3, "starts_on", "Give a date as YYYY-MM-DD."),
        RowError(
            "Measures", 3, "status", "Use one of: planned, in_progress, done, delayed, cancelled."
        ),
        RowError("Measures", 3, "title_fi", "This value is required."),
        RowError("Measures", 4, "due_on", "The due date cannot be before the start."),
    ]
    assert list(programme.perspectives.values_list("pk", flat=True)) == before
    assert not Goal.objects.exists()
    assert not Measure.objects.exists()


def test_import_refuses_measure_dates_outside_2000_to_2100(org):
    programme = make_programme(org.county)
    sheets = _good_sheets(org)
    sheets["Measures"][0][10] = date(1, 2, 1)
    sheets["Measures"][0][11] = "2208-12-31"

    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_workbook(programme=programme, file=_workbook(sheets))

    assert spreadsheet.error_rows(failed.value.errors) == [
        RowError("Measures", 2, "due_on", "Give a date between the years 2000 and 2100."),
        RowError("Measures", 2, "starts_on", "Give a date between the years 2000 and 2100."),
    ]
    assert not Goal.objects.filter(perspective__programme=programme).exists()


def test_import_refuses_numbers_that_are_not_finite(org):
    programme = make_programme(org.county)
    sheets = _good_sheets(org)
    # A days indicator has no range that would catch infinity; float() reads all of these.
    sheets["Indicators"] = [
        ["G1", "feedback_median_days", "nan", 2024, 10, 2028],
        ["G1", "feedback_on_time", 60, 2024, "inf", 2028],
        ["G1", "feedback_nps", 1, 2024, "-Infinity", 2028],
        ["G1", "inputs_traced_share", 1, 2024, "1e400", 2028],
    ]

    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_workbook(programme=programme, file=_workbook(sheets))

    assert spreadsheet.error_rows(failed.value.errors) == [
        RowError("Indicators", 2, "baseline", "Give a number."),
        RowError("Indicators", 3, "target", "Give a number."),
        RowError("Indicators", 4, "target", "Give a number."),
        RowError("Indicators", 5, "target", "Give a number."),
    ]
    assert not Goal.objects.exists()
    assert not GoalIndicator.objects.exists()


def test_indicator_values_that_are_not_finite_are_refused_on_any_path(org):
    catalogue = structure.indicator_codes(county_id=org.county.pk)
    for value in (float("nan"), float("inf"), float("-inf")):
        errors = structure.check_indicator_values(
            {
                "code": "feedback_median_days",
                "baseline": value,
                "baseline_year": 2024,
                "target": value,
                "target_year": 2028,
            },
            county_id=org.county.pk,
            codes=catalogue,
        )
        assert errors == {"baseline": "Give a number.", "target": "Give a number."}, value

    goal = make_goal(make_programme(org.county))
    with pytest.raises(ValidationError) as error:
        make_indicator(goal, code="feedback_median_days", target=float("inf"))
    assert error.value.message_dict == {"target": ["Give a number."]}
    assert not GoalIndicator.objects.exists()


def test_import_reports_missing_sheets_and_columns(org):
    programme = make_programme(org.county)
    workbook = Workbook()
    workbook.active.title = "Goals"
    workbook.active.append(["ref", "title_fi"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_workbook(programme=programme, file=buffer)

    assert spreadsheet.error_rows(failed.value.errors) == [
        RowError("Perspectives", 1, "", "The workbook has no sheet with this name."),
        RowError("Goals", 1, "perspective_ref", "This column is missing."),
        RowError("Measures", 1, "", "The workbook has no sheet with this name."),
    ]
    assert programme.perspectives.count() == 4


def test_a_file_that_is_not_a_workbook_is_one_error(org):
    programme = make_programme(org.county)

    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_workbook(programme=programme, file=BytesIO(b"not a workbook"))

    assert [e.message for e in failed.value.errors] == [
        "The file could not be read as an Excel workbook (.xlsx)."
    ]


def test_an_approved_programme_is_not_replaced_by_an_import(org):
    programme = make_programme(org.county, approved=True)

    with pytest.raises(ValidationError):
        spreadsheet.import_workbook(programme=programme, file=_workbook(_good_sheets(org)))

    assert programme.perspectives.count() == 4
    assert Goal.objects.count() == 1
    assert structure  # the services stay the only writers besides the import


def test_export_leaves_out_control_characters_a_workbook_cannot_hold(org):
    # A vertical tab pasted from a word processor into a measure's description (or a follow-up
    # note) made openpyxl refuse the cell, and the whole export was a server error.
    programme = make_programme(org.county)
    goal = make_goal(programme, title_fi="\x1b=Tavoite")
    make_measure(goal, title_fi="Työpajat", description_fi="Rivi\x0byksi\x07 ja\tkaksi")

    workbook = load_workbook(BytesIO(spreadsheet.export_workbook(programme)))

    goals = list(workbook["Goals"].iter_rows(values_only=True))
    assert goals[1][2] == "'=Tavoite"
    measures = list(workbook["Measures"].iter_rows(values_only=True))
    assert "Riviyksi ja\tkaksi" in measures[1]
