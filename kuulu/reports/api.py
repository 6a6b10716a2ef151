"""The reports part of the JSON API (/api/v1/reports/): published reports and their frozen
figures. Drafts are never listed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.organisation.selectors import default_county
from kuulu.reports import access, selectors
from kuulu.reports.models import SECTIONS

router = Router(tags=["reports"])


class ReportOut(Schema):
    year: int
    start: date
    end: date
    published_at: datetime
    url: str
    pdf_url: str
    figures_url: str


class ReportDetailOut(ReportOut):
    narrative: dict[str, dict[str, str]]
    figures: dict[str, Any]


def _report(report, request: HttpRequest) -> dict:  # type: ignore[no-untyped-def]
    language = request.GET.get("lang", "fi")
    language = language if language in ("fi", "sv", "en") else "fi"
    base = f"/{language}/reports/{report.year}/"
    return {
        "year": report.year,
        "start": report.start,
        "end": report.end,
        "published_at": report.published_at,
        "url": base,
        "pdf_url": base + "report.pdf",
        "figures_url": base + "figures.zip",
    }


@router.get("", response=list[ReportOut])
def list_reports(request: HttpRequest) -> list[dict]:
    """Published yearly participation reports of the county, newest first."""
    county = default_county()
    reports = selectors.published_reports(county_id=county.pk if county else None)
    return [_report(report, request) for report in reports]


@router.get("/{year}", response=ReportDetailOut)
def report_detail(request: HttpRequest, year: int) -> dict:
    """One published report: its narrative in fi, sv and en, and every figure as frozen when it
    was published (the same as figures.json of the download)."""
    report = access.access_published_report(year)
    return {
        **_report(report, request),
        "narrative": {
            section: {
                code: getattr(report, f"{section}_text_{code}") or "" for code in ("fi", "sv", "en")
            }
            for section in SECTIONS
        },
        "figures": report.snapshot,
    }
