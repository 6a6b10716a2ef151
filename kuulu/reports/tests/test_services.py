from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.core.models import AuditEvent
from kuulu.reports import selectors, services
from kuulu.reports.models import Report
from kuulu.reports.tests.factories import TODAY, make_initiative_on, make_report, make_year_2025

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.get_current_timezone())


def test_a_report_covers_the_calendar_year_by_default(org):
    report = services.create_report(county=org.county, year=2025)
    assert (report.start, report.end, report.status) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        Report.Status.DRAFT,
    )


def test_a_second_report_for_the_same_year_is_refused(org):
    services.create_report(county=org.county, year=2025)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.create_report(county=org.county, year=2025)
    assert error.value.message_dict == {"year": ["The county already has a report for this year."]}
    assert Report.objects.count() == 1


def test_a_period_ending_before_it_starts_is_refused(org):
    with pytest.raises(ValidationError) as error:
        services.create_report(
            county=org.county, year=2025, start=date(2025, 6, 1), end=date(2025, 5, 1)
        )
    assert "end" in error.value.message_dict
    assert not Report.objects.exists()


def test_narrative_is_saved_per_section_and_language(org):
    report = services.create_report(county=org.county, year=2025)
    services.update_narrative(
        report=report, section="councils", texts={"fi": " Neuvostot ", "sv": "Råden", "en": ""}
    )
    report.refresh_from_db()
    assert (report.councils_text_fi, report.councils_text_sv, report.councils_text_en) == (
        "Neuvostot",
        "Råden",
        "",
    )
    assert AuditEvent.objects.filter(action="report.narrative").count() == 1


def test_publishing_freezes_the_figures(org):
    # given a draft of 2025 with three initiatives
    make_year_2025(org.county)
    report = make_report(org.county, summary_fi="Vuosi oli hyvä.")

    # when it is published
    services.publish_report(report=report, user=org.coordinator, now=NOW, today=TODAY)
    report.refresh_from_db()

    # then the snapshot holds the figures, with who and when
    assert report.status == Report.Status.PUBLISHED
    assert report.published_at == NOW
    assert report.published_by == org.coordinator
    assert report.snapshot["initiatives"]["received"] == 3
    assert report.snapshot["councils"]["items"][0]["requests"] == 3

    # and when the data changes later
    make_initiative_on(org.county, received=date(2025, 7, 1), notice_due=date(2025, 8, 1))

    # then the published report still shows the frozen figures, while a new reading sees 4
    shown = selectors.report_content_of(report, today=TODAY)
    assert shown.initiatives.received == 3
    live = selectors.report_content_of(
        Report(county=org.county, year=2025, start=report.start, end=report.end), today=TODAY
    )
    assert live.initiatives.received == 4


def test_a_draft_shows_live_figures(org):
    report = make_report(org.county)
    before = selectors.report_content_of(report, today=TODAY).initiatives.received
    make_initiative_on(org.county, received=date(2025, 7, 1), notice_due=date(2025, 8, 1))
    after = selectors.report_content_of(report, today=TODAY).initiatives.received
    assert (before, after) == (0, 1)


def test_a_published_report_text_cannot_change(org):
    report = make_report(org.county, summary_fi="Alku")
    services.publish_report(report=report, now=NOW, today=TODAY)
    with pytest.raises(ValidationError):
        services.update_narrative(report=report, section="summary", texts={"fi": "Muutettu"})
    report.refresh_from_db()
    assert report.summary_text_fi == "Alku"


def test_publishing_twice_is_refused_and_unpublishing_drops_the_snapshot(org):
    report = make_report(org.county)
    services.publish_report(report=report, now=NOW, today=TODAY)
    with pytest.raises(ValidationError):
        services.publish_report(report=report, now=NOW, today=TODAY)

    services.unpublish_report(report=report)
    report.refresh_from_db()
    assert (report.status, report.snapshot, report.published_at) == ("draft", None, None)
    with pytest.raises(ValidationError):
        services.unpublish_report(report=report)
    assert list(
        AuditEvent.objects.filter(object_type="reports.report")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["report.created", "report.published", "report.unpublished"]


def test_a_period_outside_the_years_2000_to_2100_is_refused(org):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.create_report(
            county=org.county, year=2025, start=date(1, 1, 1), end=date(9999, 12, 31)
        )
    message = ["Give a date between the years 2000 and 2100."]
    assert error.value.message_dict == {"start": message, "end": message}
    assert not Report.objects.exists()


def test_a_period_outside_the_reports_year_is_refused(org):
    with pytest.raises(ValidationError) as error, translation.override("fi"):
        services.create_report(
            county=org.county, year=2025, start=date(2052, 1, 1), end=date(2052, 12, 31)
        )
    assert error.value.message_dict == {"start": ["Jakson on sisällettävä päiviä vuodelta 2025."]}
    assert not Report.objects.exists()


def test_a_period_across_the_turn_of_the_year_is_a_report_of_either_year(org):
    for year in (2024, 2025):
        report = services.create_report(
            county=org.county, year=year, start=date(2024, 7, 1), end=date(2025, 6, 30)
        )
        assert (report.start, report.end) == (date(2024, 7, 1), date(2025, 6, 30))
