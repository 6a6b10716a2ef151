"""The import from the command line: the same rules as the page."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kuulu.organisation.tests.factories import make_county, make_unit
from kuulu.workability.models import MonthlyFigures
from kuulu.workability.tests.factories import HEADER, csv_row


def test_command_imports_a_good_file(org, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(f"{HEADER}\n{csv_row('unit-a', '2026-01', 12, 11, 10, 0, 0, 0, 0, 0)}\n")
    out = io.StringIO()
    call_command("import_work_ability", str(path), county=org.county.slug, stdout=out)
    assert out.getvalue().strip() == "Imported 1 unit-months: 1 new, 0 replaced."
    assert MonthlyFigures.objects.count() == 1


def test_command_lists_problems_and_imports_nothing(org, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(
        f"{HEADER}\n{csv_row('unit-a', '2026-01', 12, 11, 10, 0, 0, 0, 0, 0)}\n"
        f"{csv_row('nope', '2026-01', 12, 11, 10, 0, 0, 0, 0, 0)}\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problems; nothing was imported\."):
        call_command(
            "import_work_ability", str(path), county=org.county.slug, language="en", stderr=err
        )
    assert err.getvalue().strip() == "line 3, unit: No unit of the county has this code."
    assert MonthlyFigures.objects.count() == 0


def test_with_several_counties_the_command_needs_to_be_told_which(org, tmp_path):
    other = make_county(slug="keski-suomi")
    make_unit(other, code="unit-a", name_fi="Kotihoito")  # the same HR code in both counties
    path = tmp_path / "hr.csv"
    path.write_text(f"{HEADER}\n{csv_row('unit-a', '2026-01', 12, 11, 10, 0, 0, 0, 0, 0)}\n")

    with pytest.raises(CommandError, match=r"several counties; name one with --county"):
        call_command("import_work_ability", str(path), stdout=io.StringIO())
    assert MonthlyFigures.objects.count() == 0

    call_command("import_work_ability", str(path), county="keski-suomi", stdout=io.StringIO())
    assert MonthlyFigures.objects.get().unit.county == other


def test_an_unknown_county_is_refused(org, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(f"{HEADER}\n")
    with pytest.raises(CommandError, match="No county with the short name 'x'"):
        call_command("import_work_ability", str(path), county="x", stdout=io.StringIO())
