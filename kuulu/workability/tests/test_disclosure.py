"""Differencing: can the figures Kuulu shows be combined into a figure it hides?

Every rolling 12-month point a viewer can see is a sum of monthly unit figures. Subtracting
shown points from each other (consecutive months, a parent less its shown units) is linear
algebra, so a hidden figure can be worked out exactly when its vector of monthly figures lies in
the span of the shown points' vectors. This audit builds small counties, collects every point
the pages show (each unit's trend and each table of units), and checks that no hidden figure
of a small group, and no single month of a small group, lies in that span.

The audit is linear: it does not use that counts are whole and non-negative, which can narrow
a hidden figure down further; see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pytest

from kuulu.organisation.models import Unit
from kuulu.organisation.tests.factories import make_county, make_unit
from kuulu.workability import selectors
from kuulu.workability.figures import MIN_PERSONS, WINDOW, month_add
from kuulu.workability.tests.factories import csv_row, import_rows

START = date(2024, 1, 1)
MONTHS = 36
# A wider audit than the suite runs: WORKABILITY_AUDIT_SEEDS=200 WORKABILITY_AUDIT_GAPS=0.1
SEEDS = int(os.environ.get("WORKABILITY_AUDIT_SEEDS", "12"))
GAPS = float(os.environ.get("WORKABILITY_AUDIT_GAPS", "0.03"))  # share of months not sent


@dataclass
class County:
    units: list[Unit]
    # (unit code, month index) -> (headcount, short absences) for each monthly row imported
    rows: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    def atoms(self) -> list[tuple[str, int]]:
        return sorted(self.rows)

    def subtree(self, unit: Unit) -> set[str]:
        return {u.code for u in self.units if u.path.startswith(unit.path)}

    def own(self, unit: Unit) -> set[str]:
        return {unit.code}


def _build(rows: dict[tuple[str, int], tuple[int, int]], units: list[Unit]) -> County:
    county = County(units, rows)
    lines = [
        csv_row(code, f"{month_add(START, i):%Y-%m}", hc, f"{hc}", "10", short, 0, 0, 0, 0)
        for (code, i), (hc, short) in sorted(rows.items())
    ]
    import_rows(units[0].county, *lines)
    return county


def _window(county: County, codes: set[str], month: int, index: dict) -> np.ndarray:
    """A 12-month figure of these units at `month`: the units counted there are those with
    figures for each of the 12 months (figures.unit_windows)."""
    vector = np.zeros(len(index))
    for code in codes:
        atoms = [(code, month - k) for k in range(WINDOW)]
        if all(a in index for a in atoms):
            for a in atoms:
                vector[index[a]] = 1
    return vector


def _month_index(month: date) -> int:
    return (month.year - START.year) * 12 + month.month - START.month


def shown_vectors(county: County) -> np.ndarray:
    """The vector of every figure a viewer who sees the whole county can read: each unit's
    trend over five years and the table of units at the latest month, as the unit page shows
    them. Each shown value is checked against the vector, so the model is the code's."""
    index = {atom: i for i, atom in enumerate(county.atoms())}
    values = np.array([county.rows[a][1] for a in county.atoms()], dtype=float)
    shown = []
    for unit in county.units:
        trend = selectors.trend_for(unit, months=60)
        for point in trend.points:
            value = point.values.get("short_absences")
            if point.suppressed or value is None:
                continue
            vector = _window(county, county.subtree(unit), _month_index(point.month), index)
            assert float(value) == pytest.approx(vector @ values), (unit.code, point.month)
            shown.append(vector)
        if trend.latest is None:
            continue
        for row in selectors.children_at(
            unit, trend.latest.month, unit_hidden=trend.latest.suppressed
        ):
            value = row.point.values.get("short_absences")
            if row.suppressed or row.point.suppressed or value is None:
                continue
            codes = county.own(unit) if row.unit is None else county.subtree(row.unit)
            vector = _window(county, codes, _month_index(trend.latest.month), index)
            assert float(value) == pytest.approx(vector @ values)
            shown.append(vector)
    return np.array(shown) if shown else np.zeros((0, len(index)))


def secrets(county: County) -> list[tuple[str, np.ndarray]]:
    """What must not be worked out: each month of a group under five persons (a unit's own
    rows, or a subtree), and each 12-month figure of a subtree whose window holds such a month
    (what the size rule hides)."""
    index = {atom: i for i, atom in enumerate(county.atoms())}
    out = []
    for unit in county.units:
        codes = county.subtree(unit)
        for m in range(MONTHS):
            members = [(c, m) for c in codes if (c, m) in county.rows]
            if not members:
                continue
            if sum(county.rows[a][0] for a in members) < MIN_PERSONS:
                vector = np.zeros(len(index))
                for a in members:
                    vector[index[a]] = 1
                out.append((f"{unit.code} month {m}", vector))
                for later in range(m, min(m + WINDOW, MONTHS)):
                    out.append(
                        (f"{unit.code} window to {later}", _window(county, codes, later, index))
                    )
    return out


def derivable(shown: np.ndarray, secret: np.ndarray) -> bool:
    """Whether `secret` is a linear combination of the rows of `shown`."""
    if not shown.size:
        return False
    coefficients, *_ = np.linalg.lstsq(shown.T, secret, rcond=None)
    return bool(np.abs(shown.T @ coefficients - secret).max() < 1e-6)


def leaks(county: County) -> list[str]:
    shown = shown_vectors(county)
    return [name for name, vector in secrets(county) if vector.any() and derivable(shown, vector)]


def _tree(n_children: int, grandchild: bool) -> list[Unit]:
    county = make_county()
    parent = make_unit(county, code="p")
    units = [parent]
    for i in range(n_children):
        units.append(make_unit(county, parent=parent, code=f"c{i}"))
    if grandchild:
        units.append(make_unit(county, parent=units[1], code="g0"))
    return units


def test_the_audit_finds_a_leak_it_is_shown():
    """The audit itself can fail: a figure shown both for a parent and for all but one of its
    units gives the last one away; the table of units hides a second unit for that reason."""
    shown = np.array([[1, 1, 1], [1, 0, 0], [0, 1, 0]], dtype=float)
    assert derivable(shown, np.array([0, 0, 1], dtype=float))
    assert not derivable(shown[:2], np.array([0, 0, 1], dtype=float))


@pytest.mark.django_db
def test_a_unit_that_dips_under_five_stays_hidden_however_the_figures_are_combined():
    units = _tree(3, grandchild=False)
    rows = {}
    for i in range(MONTHS):
        rows[("p", i)] = (3, 1)
        rows[("c0", i)] = (4 if i == 14 else 7, (i * 7) % 5)
        rows[("c1", i)] = (8 if 10 <= i < 20 else 12, (i * 3) % 4)
        rows[("c2", i)] = (9, (i * 5) % 3)
    county = _build(rows, units)
    assert leaks(county) == []


@pytest.mark.django_db
def test_a_new_small_unit_stays_hidden_however_the_figures_are_combined():
    units = _tree(3, grandchild=False)
    rows = {}
    for i in range(MONTHS):
        rows[("c1", i)] = (12, (i * 3) % 4)
        rows[("c2", i)] = (9, (i * 5) % 3)
        if i >= 20:
            rows[("c0", i)] = (3 if i < 24 else 6, i % 2)
    county = _build(rows, units)
    assert leaks(county) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "seed",
    range(
        int(__import__("os").environ.get("SEED0", 0)),
        int(__import__("os").environ.get("SEED1", 25)),
    ),
)
def test_random_counties_hide_every_small_group(seed):
    rng = random.Random(seed)
    units = _tree(rng.randint(2, 4), grandchild=rng.random() < 0.5)
    rows = {}
    for unit in units:
        if unit.code == "p" and rng.random() < 0.5:
            continue  # most parents book nothing of their own
        first = rng.choice([0, 0, 0, rng.randint(1, 30)])
        last = rng.choice([MONTHS - 1, MONTHS - 1, rng.randint(first, MONTHS - 1)])
        base = rng.randint(3, 14)
        for i in range(first, last + 1):
            if rng.random() < GAPS:
                continue  # a month the HR system did not send
            headcount = max(1, base + rng.randint(-3, 3))
            rows[(unit.code, i)] = (headcount, rng.randint(0, 6))
    county = _build(rows, units)
    assert leaks(county) == [], seed
