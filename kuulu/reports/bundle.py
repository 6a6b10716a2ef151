"""The figures of a report as a zip: figures.csv (one figure a row, labels in the language) and
figures.json (the snapshot itself, every text in fi, sv and en)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from kuulu.core.spreadsheets import safe_cell
from kuulu.reports.content import ReportContent, pick, to_json
from kuulu.reports.models import Report

# A fixed timestamp inside the zip, so the same figures give the same bytes.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def figure_rows(content: ReportContent) -> Iterator[tuple[Any, ...]]:
    """(section, code, label, period, value, unit, note) for every figure."""
    period = f"{content.start}/{content.end}"
    programme = content.programme
    if programme.available:
        for count in programme.measure_counts:
            yield (
                "programme",
                f"measures.{count.status}",
                pick(count.label),
                period,
                count.count,
                "count",
                "",
            )
        yield (
            "programme",
            "measures.needs_follow_up",
            _("Needing follow-up"),
            period,
            programme.overdue,
            "count",
            "",
        )
    if content.indicators.available:
        for item in content.indicators.items:
            note = _("fewer than 5") if item.suppressed else ""
            yield ("indicators", item.code, pick(item.name), period, item.value, item.unit, note)
            for quarter in item.quarters:
                yield (
                    "indicators",
                    item.code,
                    pick(item.name),
                    f"{quarter.start}/{quarter.end}",
                    quarter.value,
                    item.unit,
                    _("fewer than 5") if quarter.suppressed else "",
                )
            if item.target is not None:
                yield (
                    "indicators",
                    f"{item.code}.target",
                    pick(item.name),
                    str(item.target.target_year),
                    item.target.target,
                    item.unit,
                    _("target"),
                )
                if item.target.baseline is not None:
                    yield (
                        "indicators",
                        f"{item.code}.baseline",
                        pick(item.name),
                        str(item.target.baseline_year or ""),
                        item.target.baseline,
                        item.unit,
                        _("baseline"),
                    )
    if content.outcomes.available:
        for count in content.outcomes.counts:
            yield (
                "outcomes",
                f"outcomes.{count.status}",
                pick(count.label),
                period,
                count.count,
                "count",
                "",
            )
    initiatives = content.initiatives
    if initiatives.available:
        for key, label in (
            ("received", _("Initiatives received")),
            ("notice_sent", _("Initiators told who handles it")),
            ("notice_in_time", _("Told within one month")),
            ("decided", _("Outcome sent")),
            ("open", _("Still open")),
        ):
            yield (
                "initiatives",
                f"initiatives.{key}",
                label,
                period,
                getattr(initiatives, key),
                "count",
                "",
            )
    if content.councils.available:
        for council in content.councils.items:
            for key in ("requests", "on_time", "late", "not_given", "pending", "responses"):
                yield (
                    "councils",
                    f"{council.slug}.{key}",
                    pick(council.name),
                    period,
                    getattr(council, key),
                    "count",
                    "",
                )


def _csv(content: ReportContent) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("section"), _("code"), _("label"), _("period"), _("value"), _("unit"), _("note")]
    )
    for row in figure_rows(content):
        writer.writerow([safe_cell("" if value is None else value) for value in row])
    # A byte order mark, so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def figures_json(report: Report, content: ReportContent) -> dict[str, Any]:
    return {
        "county": content.county,
        "year": report.year,
        "start": content.start,
        "end": content.end,
        "status": report.status,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "figures": to_json(content),
    }


def render_bundle(report: Report, content: ReportContent) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("figures.csv", _csv(content)),
            (
                "figures.json",
                json.dumps(figures_json(report, content), ensure_ascii=False, indent=2).encode(),
            ),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
