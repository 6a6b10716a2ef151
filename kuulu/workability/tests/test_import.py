"""Importing the HR system's monthly file: every kind of bad row is reported by line and
column, and then nothing is stored; a good file is stored in one go."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kuulu.core.models import AuditEvent
from kuulu.workability import hrfile, services
from kuulu.workability.models import MonthlyFigures
from kuulu.workability.tests.factories import HEADER, csv_row, import_rows, year_of

GOOD = csv_row("unit-a", "2026-01", 12, "11,5", "14,25", 3, 1, 2, 0, 1)


def _problems(org, *rows: str, replace: bool = False) -> list[tuple[int, str, str]]:
    with pytest.raises(hrfile.FileProblems) as exc:
        import_rows(org.county, *rows, replace=replace)
    return [(p.line, p.column, p.message) for p in exc.value.problems]


def test_a_good_file_is_stored_with_decimal_commas(org):
    record = import_rows(
        org.county, GOOD, csv_row("team-a1", "2026-01", 5, "4,8", 0, 0, 0, 0, 0, 0)
    )
    assert (record.rows, record.created, record.replaced) == (2, 2, 0)
    row = MonthlyFigures.objects.get(unit=org.unit_a)
    assert row.month == date(2026, 1, 1)
    assert row.person_years == Decimal("11.50")
    assert row.sickness_absence_days_per_person_year == Decimal("14.25")
    assert (row.short_absences, row.work_accidents, row.early_support_discussions) == (3, 1, 2)
    assert (row.disability_pension_decisions, row.leavers, row.headcount) == (0, 1, 12)


def test_comma_separated_file_with_quoted_decimal_commas_and_hr_ids(org):
    org.unit_b.external_id = "HR-2000"
    org.unit_b.save(update_fields=["external_id"])
    text = (HEADER.replace(";", ",") + '\nHR-2000,03/2026,20,"18,5",9.5,4,0,1,0,2\n').encode(
        "utf-8-sig"
    )
    record = services.import_figures(county=org.county, data=text)
    stored = MonthlyFigures.objects.get(unit=org.unit_b)
    assert record.created == 1
    assert stored.month == date(2026, 3, 1)
    assert stored.person_years == Decimal("18.50")


def test_windows_encoded_file_with_finnish_headings(org):
    text = (
        "yksikkö;kuukausi;henkilöstömäärä;htv;sairauspoissaolopäivät_per_htv;lyhyet_poissaolot;"
        "työtapaturmat;varhaisen_tuen_keskustelut;työkyvyttömyyseläkepäätökset;lähtijät\n"
        "unit-a;2026-02;12;11;10;1;0;0;0;0\n"
    ).encode("cp1252")
    assert services.import_figures(county=org.county, data=text).created == 1


def test_unknown_unit_codes_are_reported_and_nothing_is_stored(org):
    problems = _problems(org, GOOD, csv_row("no-such", "2026-01", 5, 5, 1, 0, 0, 0, 0, 0))
    assert problems == [(3, "unit", "No unit of the county has this code.")]
    assert MonthlyFigures.objects.count() == 0


def test_a_unit_of_another_county_is_unknown(org):
    from kuulu.organisation.tests.factories import make_county, make_unit

    other = make_county()
    make_unit(other, code="foreign")
    problems = _problems(org, csv_row("foreign", "2026-01", 5, 5, 1, 0, 0, 0, 0, 0))
    assert problems == [(2, "unit", "No unit of the county has this code.")]


def test_duplicate_months_in_the_file(org):
    problems = _problems(org, GOOD, csv_row("unit-a", "2026-1", 12, 11, 1, 0, 0, 0, 0, 0))
    assert problems == [(3, "month", "This unit's month is already on line 2.")]
    assert MonthlyFigures.objects.count() == 0


def test_stored_months_are_refused_unless_replacing(org):
    import_rows(org.county, GOOD)
    problems = _problems(
        org,
        csv_row("unit-a", "2026-02", 12, 11, 1, 0, 0, 0, 0, 0),
        csv_row("unit-a", "2026-01", 12, 11, "20", 0, 0, 0, 0, 0),
    )
    assert [(line, col) for line, col, _m in problems] == [(3, "month")]
    assert "already stored" in problems[0][2]
    assert MonthlyFigures.objects.count() == 1

    record = import_rows(
        org.county,
        csv_row("unit-a", "2026-02", 12, 11, 1, 0, 0, 0, 0, 0),
        csv_row("unit-a", "2026-01", 12, 11, "20", 0, 0, 0, 0, 0),
        replace=True,
    )
    assert (record.created, record.replaced) == (1, 1)
    assert MonthlyFigures.objects.get(
        month=date(2026, 1, 1)
    ).sickness_absence_days_per_person_year == Decimal("20.00")
    assert MonthlyFigures.objects.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (
            (12, 11, "-1", 0, 0, 0, 0, 0),
            "sickness_absence_days_per_person_year",
            "The value cannot be negative.",
        ),
        (
            (12, 11, "400", 0, 0, 0, 0, 0),
            "sickness_absence_days_per_person_year",
            "A person-year has at most 365 days of absence.",
        ),
        ((-3, 11, 1, 0, 0, 0, 0, 0), "headcount", "The value cannot be negative."),
        (
            (0, 0, 0, 2, 0, 0, 0, 0),
            "headcount",
            "The headcount is 0, but the row has other figures than leavers.",
        ),
        (
            (12, 0, 1, 0, 0, 0, 0, 0),
            "person_years",
            "The unit has staff, so person-years cannot be 0.",
        ),
        ((12, 11, 1, "x", 0, 0, 0, 0), "short_absences", "Enter a whole number, for example 3."),
        ((12, 11, 1, "1,5", 0, 0, 0, 0), "short_absences", "Enter a whole number, for example 3."),
        # "²" passed str.isdigit() and int() refused it with an untranslated message;
        # Arabic-Indic twelve was read as 12.
        ((12, 11, 1, "²", 0, 0, 0, 0), "short_absences", "Enter a whole number, for example 3."),
        (
            (12, 11, 1, "\u0661\u0662", 0, 0, 0, 0),
            "short_absences",
            "Enter a whole number, for example 3.",
        ),
        ((12, 11, 1, 0, 0, 0, "", 0), "disability_pension_decisions", "The value is missing."),
        (
            (12, 11, 1, 0, 0, 0, 13, 0),
            "disability_pension_decisions",
            "More disability-pension decisions than the unit has staff.",
        ),
        (
            (2, 2, 1, 63, 0, 0, 0, 0),
            "short_absences",
            "More short absences than the unit's staff have days in the month.",
        ),
        ((12, "11,555", 1, 0, 0, 0, 0, 0), "person_years", "Use at most two decimals."),
        # Twelve months of it overflowed the stored 12-month sum: a server error on PostgreSQL.
        ((100_000_000, 11, 1, 0, 0, 0, 0, 0), "headcount", "The value is too large."),
        ((12, 11, 1, 0, 0, 0, 0, 999_999_999), "leavers", "The value is too large."),
    ],
)
def test_impossible_values_are_reported_and_nothing_is_stored(org, cells, column, message):
    problems = _problems(
        org, GOOD.replace("2026-01", "2025-12"), csv_row("unit-a", "2026-01", *cells)
    )
    assert problems == [(3, column, message)]
    assert MonthlyFigures.objects.count() == 0


def test_a_year_of_the_largest_counts_is_stored(org):
    rows = year_of("unit-a", "2026-12", 99_999_999, "9999999,99", 1, 0, 0, 0, 0, 99_999_999)
    record = import_rows(org.county, *rows)
    assert record.created == 12
    last = MonthlyFigures.objects.get(month=date(2026, 12, 1))
    assert (last.window_headcount_months, last.window_leavers) == (1_199_999_988, 1_199_999_988)


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "There is no such month."),
        ("tammikuu", "Write the month as YYYY-MM, for example 2026-03."),
    ],
)
def test_bad_months(org, month, message):
    assert _problems(org, csv_row("unit-a", month, 12, 11, 1, 0, 0, 0, 0, 0)) == [
        (2, "month", message)
    ]


def test_missing_and_unknown_columns_and_short_rows(org):
    with pytest.raises(hrfile.FileProblems) as exc:
        services.import_figures(county=org.county, data=b"unit;month;colour\nunit-a;2026-01;red\n")
    columns = {p.column for p in exc.value.problems}
    assert "headcount" in columns
    assert "colour" in columns
    problems = _problems(org, "unit-a;2026-01;12")
    assert problems == [(2, "", "The row has 3 cells; the heading has 10.")]


def test_every_bad_row_is_listed_at_once(org):
    problems = _problems(
        org,
        csv_row("nope", "2026-01", 5, 5, 1, 0, 0, 0, 0, 0),
        GOOD,
        csv_row("unit-a", "2026-02", 12, 11, "999", 0, 0, 0, 0, 0),
    )
    assert [p[0] for p in problems] == [2, 4]


def test_refused_and_accepted_imports_are_audit_logged(org):
    with pytest.raises(hrfile.FileProblems):
        import_rows(org.county, csv_row("nope", "2026-01", 5, 5, 1, 0, 0, 0, 0, 0))
    record = import_rows(org.county, GOOD)
    events = list(AuditEvent.objects.filter(object_type="workability.figureimport").order_by("id"))
    assert [e.summary for e in events] == [
        "work-ability import refused: 1 problems",
        "work-ability figures imported: 1 new, 0 replaced",
    ]
    assert events[1].object_id == str(record.pk)


def test_problems_are_in_the_users_language(org):
    from django.utils import translation

    with translation.override("fi"), pytest.raises(hrfile.FileProblems) as exc:
        import_rows(org.county, csv_row("nope", "2026-01", 5, 5, 1, 0, 0, 0, 0, 0))
    assert exc.value.problems[0].message != "No unit of the county has this code."


def test_a_file_with_old_mac_line_endings_is_stored(org):
    # Excel for Mac's "CSV (Macintosh)" ends lines with a carriage return alone
    text = "\r".join([HEADER, GOOD, csv_row("team-a1", "2026-01", 5, "4,8", 0, 0, 0, 0, 0, 0)])

    record = services.import_figures(county=org.county, data=(text + "\r").encode("cp1252"))

    assert (record.rows, record.created) == (2, 2)
    assert MonthlyFigures.objects.get(unit=org.unit_a).headcount == 12


def test_a_carriage_return_inside_a_row_is_reported_on_its_line(org):
    split = GOOD.replace("2026-01;12", "2026-01\r;12")
    text = f"{HEADER}\n{split}\n".encode()

    with pytest.raises(hrfile.FileProblems) as exc:
        services.import_figures(county=org.county, data=text)

    assert [(p.line, p.column) for p in exc.value.problems] == [(2, ""), (3, "")]
    assert MonthlyFigures.objects.count() == 0


def test_a_quotation_mark_left_open_in_a_big_file_is_reported_not_a_crash(org):
    # the opened quote swallows the rest of the file into one cell, beyond the csv module's
    # limit of 131,072 characters a cell
    rows = [csv_row("unit-a", f"2025-{m:02}", 12, 11, 10, 1, 0, 0, 0, 0) for m in range(1, 13)]
    broken = '"' + csv_row("team-a1", "2026-01", 5, "4,8", 0, 0, 0, 0, 0, 0)
    filler = [csv_row(f"unit-{n}", "2026-01", 5, 5, 0, 0, 0, 0, 0, 0) for n in range(4000)]

    with pytest.raises(hrfile.FileProblems) as exc:
        import_rows(org.county, *rows, broken, *filler)

    assert [(p.line, p.column) for p in exc.value.problems] == [(14, "")]
    assert "quotation mark" in exc.value.problems[0].message
    assert MonthlyFigures.objects.count() == 0


def test_empty_rows_before_the_heading_are_skipped(org):
    text = f"\r\n;;\r\n{HEADER}\r\n{GOOD}\r\n".encode("utf-8-sig")

    record = services.import_figures(county=org.county, data=text)

    assert record.created == 1
    assert MonthlyFigures.objects.get(unit=org.unit_a).headcount == 12


def test_a_file_of_empty_rows_is_empty(org):
    with pytest.raises(hrfile.FileProblems) as exc:
        services.import_figures(county=org.county, data=b'\r\n;;;\r\n  \r\n"";""\r\n')

    assert [(p.line, p.message) for p in exc.value.problems] == [(1, "The file is empty.")]


def test_a_file_of_more_than_100000_rows_is_refused_also_when_its_rows_are_bad():
    bad = csv_row("unit-a", "tammikuu", 1, 1, 1, 1, 1, 1, 1, 1)
    data = ("\n".join([HEADER, *[bad] * (hrfile.MAX_ROWS + 1)]) + "\n").encode()

    with pytest.raises(hrfile.FileProblems) as exc:
        hrfile.read_rows(data)

    assert [(p.line, p.message) for p in exc.value.problems] == [
        (hrfile.MAX_ROWS + 2, "The file has more than 100,000 rows.")
    ]
