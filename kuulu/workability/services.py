"""Writes of the work-ability figures: importing the HR file, setting goals, HR partners.
Each write is audit-logged (kuulu.core.audit) without personal data in the summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.organisation.models import County, Person, Unit
from kuulu.workability import hrfile
from kuulu.workability.figures import WINDOW, MonthTotals, Window, month_add, unit_windows
from kuulu.workability.models import (
    WINDOW_FIELDS,
    Figure,
    FigureImport,
    HrPartner,
    MonthlyFigures,
    UnitGoal,
)


def unit_lookup(county: County) -> dict[str, Unit]:
    """Unit identifiers the HR file may use: the unit's HR id (as the HR sync stores it),
    and Kuulu's own unit code for units with no HR id. An HR id wins over a code."""
    units = list(Unit.objects.filter(county=county))
    lookup = {u.code: u for u in units}
    lookup.update({u.external_id: u for u in units if u.external_id})
    return lookup


def import_figures(
    *,
    county: County,
    data: bytes,
    file_name: str = "",
    replace: bool = False,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> FigureImport:
    """Import the HR system's monthly figures. Every problem of every row is raised at once in
    `hrfile.FileProblems`, and then nothing is stored. A month already stored for a unit is a
    problem unless `replace` is given; then the file's figures replace the stored ones."""
    try:
        return _import(
            county=county,
            data=data,
            file_name=file_name,
            replace=replace,
            actor=actor,
            request=request,
        )
    except hrfile.FileProblems as exc:
        # Outside the import's transaction, so the refusal stays in the log.
        record_event(
            action="create",
            object_type="workability.figureimport",
            actor=actor,
            request=request,
            summary=f"work-ability import refused: {len(exc.problems)} problems",
        )
        raise


@transaction.atomic
def _import(
    *,
    county: County,
    data: bytes,
    file_name: str,
    replace: bool,
    actor: Any,
    request: HttpRequest | None,
) -> FigureImport:
    # One import at a time per county: the second waits and then sees the first one's months.
    County.objects.select_for_update().get(pk=county.pk)
    parsed = hrfile.read_rows(data)
    rows = parsed.rows
    units = unit_lookup(county)
    problems: list[hrfile.Problem] = list(parsed.problems)
    for line, code in parsed.units_of_bad_rows:
        if code and code not in units:
            problems.append(hrfile.Problem(line, "unit", _("No unit of the county has this code.")))
    seen: dict[tuple[int, Any], int] = {}
    resolved: list[tuple[hrfile.Row, Unit]] = []
    for row in rows:
        unit = units.get(row.unit)
        if unit is None:
            problems.append(
                hrfile.Problem(row.line, "unit", _("No unit of the county has this code."))
            )
            continue
        key = (unit.pk, row.month)
        if key in seen:
            problems.append(
                hrfile.Problem(
                    row.line,
                    "month",
                    _("This unit's month is already on line %(line)s.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        resolved.append((row, unit))
    stored: set[tuple[int, Any]] = set()
    if resolved:
        months = [r.month for r, _u in resolved]
        stored = set(
            MonthlyFigures.objects.filter(
                unit_id__in={u.pk for _r, u in resolved},
                month__gte=min(months),
                month__lte=max(months),
            ).values_list("unit_id", "month")
        )
    if not replace:
        for row, unit in resolved:
            if (unit.pk, row.month) in stored:
                problems.append(
                    hrfile.Problem(
                        row.line,
                        "month",
                        _(
                            "Figures for this unit and month are already stored. To correct "
                            "them, import again and choose to replace stored months."
                        ),
                    )
                )
    if problems:
        raise hrfile.FileProblems(sorted(problems, key=lambda p: (p.line, p.column)))
    replaced = [(unit.pk, row.month) for row, unit in resolved if (unit.pk, row.month) in stored]
    record = FigureImport.objects.create(
        county=county,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file_name[:200],
        rows=len(resolved),
        created=len(resolved) - len(replaced),
        replaced=len(replaced),
        first_month=min(r.month for r, _u in resolved),
        last_month=max(r.month for r, _u in resolved),
    )
    if replaced:
        for unit_id in {u for u, _m in replaced}:
            MonthlyFigures.objects.filter(
                unit_id=unit_id, month__in=[m for u, m in replaced if u == unit_id]
            ).delete()
    new_rows = [
        MonthlyFigures(
            unit=unit,
            month=row.month,
            headcount=row.headcount,
            person_years=row.person_years,
            sickness_absence_days_per_person_year=row.sickness_absence_days_per_person_year,
            short_absences=row.short_absences,
            work_accidents=row.work_accidents,
            early_support_discussions=row.early_support_discussions,
            disability_pension_decisions=row.disability_pension_decisions,
            leavers=row.leavers,
            source=record,
        )
        for row, unit in resolved
    ]
    changed = store_windows(new_rows)
    MonthlyFigures.objects.bulk_create(new_rows, batch_size=2000)
    MonthlyFigures.objects.bulk_update(changed, WINDOW_FIELDS, batch_size=500)
    record_event(
        action="create",
        obj=record,
        actor=actor,
        request=request,
        summary=f"work-ability figures imported: {record.created} new, {record.replaced} replaced",
    )
    return record


def month_totals(row: MonthlyFigures) -> MonthTotals:
    return MonthTotals(
        month=row.month,
        headcount=row.headcount,
        person_years=Decimal(row.person_years),
        absence_weighted=Decimal(row.sickness_absence_days_per_person_year)
        * Decimal(row.person_years),
        short_absences=row.short_absences,
        work_accidents=row.work_accidents,
        early_support=row.early_support_discussions,
        disability_pensions=row.disability_pension_decisions,
        leavers=row.leavers,
    )


def _set_window(row: MonthlyFigures, window: Window | None) -> None:
    if window is not None and not window.units:
        window = None  # not a whole year: the row is not counted in this month's figures
    row.window_smallest = window.smallest if window else None
    row.window_headcount_months = window.headcount_months if window else None
    row.window_person_years = window.person_years if window else None
    row.window_absence_weighted = window.absence_weighted if window else None
    row.window_short_absences = window.short_absences if window else None
    row.window_work_accidents = window.work_accidents if window else None
    row.window_early_support = window.early_support if window else None
    row.window_disability_pensions = window.disability_pensions if window else None
    row.window_leavers = window.leavers if window else None


def _window_of(row: MonthlyFigures) -> tuple[Any, ...]:
    return tuple(getattr(row, f) for f in WINDOW_FIELDS)


def store_windows(
    new_rows: Iterable[MonthlyFigures] = (),
    *,
    unit_ids: Iterable[int] = (),
    first: date | None = None,
    last: date | None = None,
) -> list[MonthlyFigures]:
    """Fill in the 12-month windows (`figures.unit_windows`) of `new_rows`, which are about to
    be stored, and return the stored rows whose windows they change: the stored months of the
    same units in the 11 months after the new ones. With `unit_ids` (and optionally `first`
    and `last`), recompute those units' stored rows instead (e.g. after a bulk load) and
    return the rows that changed. The caller saves them (`bulk_update` of `WINDOW_FIELDS`)."""
    new_rows = list(new_rows)
    units = {r.unit_id for r in new_rows} | set(unit_ids)
    if not units:
        return []
    months = [r.month for r in new_rows]
    if first is None and months:
        first = min(months)
    if last is None and months:
        last = max(months)
    stored = MonthlyFigures.objects.filter(unit_id__in=units)
    if first is not None:
        stored = stored.filter(month__gte=month_add(first, -(WINDOW - 1)))
    if last is not None:
        stored = stored.filter(month__lte=month_add(last, WINDOW - 1))
    by_unit: dict[int, dict[date, MonthlyFigures]] = defaultdict(dict)
    for row in stored.order_by():
        by_unit[row.unit_id][row.month] = row
    fresh = {id(r) for r in new_rows}
    for row in new_rows:
        by_unit[row.unit_id][row.month] = row
    changed = []
    for rows in by_unit.values():
        windows = unit_windows(month_totals(r) for r in rows.values())
        for month, row in rows.items():
            if first is not None and month < first:
                continue  # only read: a window ending before the change does not hold it
            before = _window_of(row)
            _set_window(row, windows.get(month))
            if id(row) not in fresh and _window_of(row) != before:
                changed.append(row)
    return changed


@transaction.atomic
def set_goal(
    *,
    unit: Unit,
    figure: str,
    year: int,
    value: Decimal | None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> UnitGoal | None:
    """Set (or with `value` None remove) the unit's goal for a figure in a year."""
    if figure not in Figure.values:
        raise ValidationError(_("Choose a figure from the list."))
    if value is not None and value < 0:
        raise ValidationError(_("A goal cannot be negative."))
    if figure == Figure.SICKNESS_ABSENCE and value is not None and value > 365:
        raise ValidationError(_("A person-year has at most 365 days of absence."))
    if value is None:
        deleted, _rows = UnitGoal.objects.filter(unit=unit, figure=figure, year=year).delete()
        if deleted:
            record_event(
                action="delete",
                object_type="workability.unitgoal",
                object_id=unit.pk,
                actor=actor,
                request=request,
                summary=f"goal removed: {figure} {year}",
            )
        return None
    goal, created = UnitGoal.objects.update_or_create(
        unit=unit,
        figure=figure,
        year=year,
        defaults={
            "value": value,
            "set_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    record_event(
        action="create" if created else "update",
        obj=goal,
        actor=actor,
        request=request,
        summary=f"goal set: {figure} {year}",
        changed_fields=["value"],
    )
    return goal


@transaction.atomic
def grant_hr_partner(
    *, person: Person, actor: Any = None, request: HttpRequest | None = None
) -> HrPartner:
    if person.kind != Person.Kind.STAFF or not person.is_active:
        raise ValidationError(_("Only active staff members can be HR partners."))
    partner, _created = HrPartner.objects.get_or_create(
        person=person,
        defaults={"granted_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    record_event(
        action="create", obj=partner, actor=actor, request=request, summary="HR partner granted"
    )
    return partner


@transaction.atomic
def revoke_hr_partner(
    *, partner: HrPartner, actor: Any = None, request: HttpRequest | None = None
) -> None:
    record_event(
        action="revoke", obj=partner, actor=actor, request=request, summary="HR partner revoked"
    )
    partner.delete()
