"""Two imports of the same months at once on PostgreSQL: one stores them, the other gets its
per-row report (never a database error, never a mix of both files)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kuulu.core.tests.concurrency import race
from kuulu.workability import hrfile
from kuulu.workability.models import MonthlyFigures
from kuulu.workability.tests.factories import import_rows

pytestmark = pytest.mark.postgres


def _file(rate: str) -> list[str]:
    return [f"unit-a;2026-{m:02d};40;36;{rate};0;0;0;0;0" for m in range(1, 13)]


def test_the_same_months_imported_twice_at_once(postgres, org):
    outcomes = race(
        lambda: import_rows(org.county, *_file("10")),
        lambda: import_rows(org.county, *_file("20")),
    )
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, hrfile.FileProblems)
    assert len(error.problems) == 12
    assert {p.column for p in error.problems} == {"month"}
    rates = set(
        MonthlyFigures.objects.values_list("sickness_absence_days_per_person_year", flat=True)
    )
    assert MonthlyFigures.objects.count() == 12
    assert len(rates) == 1
    assert rates <= {Decimal(10), Decimal(20)}


def test_two_replacing_imports_at_once_leave_one_file(postgres, org):
    import_rows(org.county, *_file("5"))
    outcomes = race(
        lambda: import_rows(org.county, *_file("10"), replace=True),
        lambda: import_rows(org.county, *_file("20"), replace=True),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert MonthlyFigures.objects.count() == 12
    rates = set(
        MonthlyFigures.objects.values_list("sickness_absence_days_per_person_year", flat=True)
    )
    assert len(rates) == 1
