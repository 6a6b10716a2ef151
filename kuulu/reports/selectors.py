"""Reads of the yearly reports: lists, the content to show (the snapshot of a published
report, live figures of a draft) and the rendered outputs, cached from the snapshot."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import QuerySet

from kuulu.reports import content as report_content
from kuulu.reports.models import Report

PDF_CACHE_SECONDS = 7 * 24 * 3600


def published_reports(*, county_id: int | None) -> QuerySet[Report]:
    return Report.objects.published().filter(county_id=county_id).order_by("-year")


def reports_for_county(*, county_id: int | None) -> QuerySet[Report]:
    return (
        Report.objects.filter(county_id=county_id).select_related("published_by").order_by("-year")
    )


def published_report(*, county_id: int | None, year: int) -> Report | None:
    return published_reports(county_id=county_id).filter(year=year).first()


def report_content_of(report: Report, *, today: date) -> report_content.ReportContent:
    """A published report's frozen figures; a draft's figures as they are now."""
    if report.is_published and report.snapshot is not None:
        return report_content.from_json(report.snapshot)
    live = report_content.gather_content(
        county=report.county, start=report.start, end=report.end, today=today
    )
    # The same round trip as publishing, so a draft shows exactly what would be frozen.
    return report_content.from_json(report_content.to_json(live))


def _output_key(report: Report, kind: str, language: str) -> str:
    stamp = report.published_at.isoformat() if report.published_at else "draft"
    return f"reports:{kind}:{report.pk}:{stamp}:{report.updated_at.isoformat()}:{language}"


def report_pdf(report: Report, *, language: str, today: date) -> bytes:
    """The report as PDF in the language. A published report's PDF is made from its snapshot
    once and kept in the cache (it changes only with the narrative, which a published report
    does not); a draft's is made afresh."""
    from django.utils import translation

    from kuulu.reports.pdf import render_pdf
    from kuulu.reports.presentation import layout

    def make() -> bytes:
        with translation.override(language):
            return render_pdf(layout(report, report_content_of(report, today=today)))

    if not report.is_published:
        return make()
    key = _output_key(report, "pdf", language)
    data = cache.get(key)
    if data is None:
        data = make()
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data
