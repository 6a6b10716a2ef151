"""Writes of the yearly report: create a draft, write the narrative, publish (which freezes
the figures into the snapshot) and unpublish.

Every write locks the report's row, so a narrative saved while another coordinator publishes
either lands before the snapshot or is refused as a change to a published report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.organisation.models import County
from kuulu.reports import content as report_content
from kuulu.reports.models import SECTIONS, Report

LANGUAGES = ("fi", "sv", "en")
MIN_YEAR, MAX_YEAR = 2000, 2100
NARRATIVE_MAX_LENGTH = 20_000


@transaction.atomic
def create_report(
    *,
    county: County,
    year: int,
    start: date | None = None,
    end: date | None = None,
    user: Any = None,
    request: HttpRequest | None = None,
) -> Report:
    """A draft report for the year; the period is the calendar year unless given."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {
                "year": _("Give a year between %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            }
        )
    # A period in year 1 or 9999 has no day before or after it to compute with: every page of
    # the report, its preview and publishing would fail, and the year would stay taken.
    out_of_range = {
        name: year_out_of_range_message()
        for name, value in (("start", start), ("end", end))
        if not year_in_range(value)
    }
    if out_of_range:
        raise ValidationError(out_of_range)
    default_start, default_end = report_content.default_period(year)
    start, end = start or default_start, end or default_end
    if end < start:
        raise ValidationError({"end": _("The period cannot end before it starts.")})
    if (end - start).days > 366:
        raise ValidationError({"end": _("A report covers at most one year.")})
    if end < default_start or start > default_end:
        # A slip in a date (2052 for 2025) would publish "Participation report 2025" with the
        # figures of another year.
        raise ValidationError(
            {
                "start" if start != default_start else "end": _(
                    "The period must include days of the year %(year)s."
                )
                % {"year": year}
            }
        )
    if Report.objects.filter(county=county, year=year).exists():
        raise ValidationError(
            {"year": _("The county already has a report for this year.")}, code="duplicate"
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(county=county, year=year, start=start, end=end)
    except IntegrityError as exc:  # a concurrent create of the same year won
        raise ValidationError(
            {"year": _("The county already has a report for this year.")}, code="duplicate"
        ) from exc
    record_event(action="report.created", obj=report, actor=user, request=request)
    return report


def _locked(report_id: int) -> Report:
    return Report.objects.select_for_update().get(pk=report_id)


@transaction.atomic
def update_narrative(
    *,
    report: Report,
    section: str,
    texts: dict[str, str],
    user: Any = None,
    request: HttpRequest | None = None,
) -> Report:
    """Replace a section's narrative in the languages given (fi, sv, en)."""
    if section not in SECTIONS:
        raise ValidationError(_("There is no such section in the report."))
    report = _locked(report.pk)
    if report.is_published:
        raise ValidationError(
            _("The report is published. Unpublish it before changing its text."), code="published"
        )
    errors = {}
    changed = []
    for language, text in texts.items():
        if language not in LANGUAGES:
            continue
        text = (text or "").strip()
        if len(text) > NARRATIVE_MAX_LENGTH:
            errors[f"text_{language}"] = _("The text is too long: at most %(max)s characters.") % {
                "max": NARRATIVE_MAX_LENGTH
            }
            continue
        field = f"{section}_text_{language}"
        if getattr(report, field) != text:
            setattr(report, field, text)
            changed.append(field)
    if errors:
        raise ValidationError(errors)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="report.narrative",
            obj=report,
            actor=user,
            request=request,
            changed_fields=changed,
        )
    return report


@transaction.atomic
def publish_report(
    *,
    report: Report,
    user: Any = None,
    now: datetime | None = None,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """Freeze every figure of the report into its snapshot and show it on the portal."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = _locked(report.pk)
    if report.is_published:
        raise ValidationError(_("The report is already published."), code="published")
    content = report_content.gather_content(
        county=report.county, start=report.start, end=report.end, today=today
    )
    report.snapshot = report_content.to_json(content)
    report.status = Report.Status.PUBLISHED
    report.published_at = now
    report.published_by = user if getattr(user, "is_authenticated", False) else None
    report.save(update_fields=["snapshot", "status", "published_at", "published_by", "updated_at"])
    record_event(action="report.published", obj=report, actor=user, request=request)
    return report


@transaction.atomic
def unpublish_report(
    *, report: Report, user: Any = None, request: HttpRequest | None = None
) -> Report:
    """Take the report off the portal and back to a draft; its frozen figures are dropped,
    so publishing again freezes the figures of that day."""
    report = _locked(report.pk)
    if not report.is_published:
        raise ValidationError(_("The report is not published."), code="draft")
    report.status = Report.Status.DRAFT
    report.snapshot = None
    report.published_at = None
    report.published_by = None
    report.save(update_fields=["snapshot", "status", "published_at", "published_by", "updated_at"])
    record_event(action="report.unpublished", obj=report, actor=user, request=request)
    return report
