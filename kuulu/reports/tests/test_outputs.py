import csv
import io
import json
import zipfile
from datetime import datetime

import pytest
from django.utils import timezone, translation

from kuulu.reports import selectors, services
from kuulu.reports.bundle import render_bundle
from kuulu.reports.pdf import latin1, render_pdf
from kuulu.reports.presentation import format_number, layout
from kuulu.reports.tests.factories import TODAY, FakeSources, make_report, make_year_2025

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.get_current_timezone())
NARRATIVE_FI = "Äänestysaktiivisuus nousi, ja yhteistyö Åbolandin kanssa jatkui."


@pytest.fixture
def published(org, monkeypatch):
    FakeSources().install(monkeypatch)
    make_year_2025(org.county)
    org.county.name_sv = "Välfärdsområde Kust"
    org.county.save()
    report = make_report(
        org.county,
        summary_fi=NARRATIVE_FI,
        summary_sv="Samarbetet med Åboland fortsatte.",
        councils_en="Councils were heard three times.",
    )
    return services.publish_report(report=report, now=NOW, today=TODAY)


def _pdf(report, language):
    with translation.override(language):
        content = selectors.report_content_of(report, today=TODAY)
        return render_pdf(layout(report, content), compress=False)


def test_the_pdf_opens_and_holds_the_narrative_and_figures_in_finnish(published):
    data = _pdf(published, "fi")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert NARRATIVE_FI.encode("latin-1") in data
    assert "Council for older people".encode("latin-1") not in data
    assert "Vanhusneuvosto".encode("latin-1") in data
    assert b"/Lang (fi)" in data


def test_the_pdf_in_swedish_and_english_uses_those_languages(published):
    swedish = _pdf(published, "sv")
    assert "Samarbetet med Åboland fortsatte.".encode("latin-1") in swedish
    assert "Välfärdsområde Kust".encode("latin-1") in swedish
    assert "Äldrerådet".encode("latin-1") in swedish
    english = _pdf(published, "en")
    assert b"Participation report 2025" in english
    assert b"Councils were heard three times." in english
    # a language without its own text shows the Finnish one
    assert NARRATIVE_FI.encode("latin-1") in english
    assert b"Answered on time" in english
    assert b"80 %" in english
    assert b"Target 2028" in english


def test_the_published_pdf_is_made_once_and_cached(published, django_assert_num_queries):
    first = selectors.report_pdf(published, language="fi", today=TODAY)
    with django_assert_num_queries(0):
        again = selectors.report_pdf(published, language="fi", today=TODAY)
    assert first == again


def test_text_outside_latin1_is_replaced_not_lost():
    assert (
        latin1("2025\u20132028 \u201clainaus\u201d \u2026 \u20ac") == '2025-2028 "lainaus" ... EUR'
    )
    assert latin1("Čakavec ŋ") == "Cakavec ?"


def test_numbers_are_formatted_in_the_page_language():
    with translation.override("fi"):
        assert format_number(12.25, "%") == "12,3 %"  # halves up, as the indicators round
        assert format_number(0.15, "score") == "0,2"
        assert format_number(2.96, "days") == "3 päivää"
        assert format_number(-0.04, "score") == "0"
        assert format_number(-2.25, "score") == "\u22122,3"
        assert format_number(None, "%") == "ei tietoja"
        assert format_number(3.0, "count") == "3"
    with translation.override("en"):
        assert format_number(12.5, "days") == "12.5 days"
        assert format_number(7, "%", suppressed=True) == "fewer than 5"


def test_the_bundle_holds_figures_csv_and_json(published):
    with translation.override("en"):
        data = render_bundle(published, selectors.report_content_of(published, today=TODAY))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["figures.csv", "figures.json"]
    figures = json.loads(archive.read("figures.json"))
    assert figures["year"] == 2025
    assert figures["status"] == "published"
    assert figures["figures"] == published.snapshot
    rows = list(csv.reader(io.StringIO(archive.read("figures.csv").decode("utf-8-sig"))))
    assert rows[0] == ["section", "code", "label", "period", "value", "unit", "note"]
    assert [
        "initiatives",
        "initiatives.received",
        "Initiatives received",
        "2025-01-01/2025-12-31",
        "3",
        "count",
        "",
    ] in rows
    council = published.snapshot["councils"]["items"][0]["slug"]
    assert [
        "councils",
        f"{council}.late",
        "Council for older people",
        "2025-01-01/2025-12-31",
        "1",
        "count",
        "",
    ] in rows
    assert [
        "indicators",
        "feedback_on_time",
        "Answered on time",
        "2025-07-01/2025-09-30",
        "",
        "%",
        "",
    ] in rows
    assert [
        "indicators",
        "feedback_median_days",
        "Handling time",
        "2025-01-01/2025-12-31",
        "",
        "days",
        "fewer than 5",
    ] in rows
    assert ["outcomes", "outcomes.done", "done", "2025-01-01/2025-12-31", "1", "count", ""] in rows


def test_the_web_page_shows_charts_with_targets_and_tables_from_the_snapshot(published):
    from django.test import Client

    html = Client().get("/en/reports/2025/").content.decode()
    # the quarterly chart of an indicator with its target line, then its table
    assert "Answered on time by quarter; the same figures are in the table below." in html
    assert "Target 2028: 95 %" in html
    assert 'stroke-dasharray="4 3"' in html
    assert "<caption>Answered on time by quarter</caption>" in html
    assert '<th scope="row">2025 Q3</th><td>no data</td>' in html
    assert '<th scope="row">Whole period</th><td>fewer than 5</td>' in html
    # councils and initiatives
    assert '<th scope="row">Council for older people</th><td>3</td><td>1</td><td>1</td>' in html
    assert '<th scope="row">Initiatives received</th><td>3</td>' in html
    assert '<th scope="row">Benches in the yard</th>' in html


def test_the_pdf_draws_the_target_line(published):
    data = _pdf(published, "en")
    assert b"Target 2028: 95 %" in data
    assert b"] 0 d" in data  # a dash pattern is set for the line
