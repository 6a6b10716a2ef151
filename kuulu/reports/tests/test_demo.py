import pytest
from django.utils import timezone

from kuulu.reports.demo import load_reports_demo
from kuulu.reports.models import Report

pytestmark = pytest.mark.django_db


def test_demo_has_last_years_published_report_and_this_years_draft_once(org):
    assert load_reports_demo(org.county) == 2
    assert load_reports_demo(org.county) == 0
    year = timezone.localdate().year
    published = Report.objects.get(year=year - 1)
    assert published.is_published
    assert published.published_by == org.coordinator
    assert published.snapshot["initiatives"]["available"] is True
    assert published.summary_text_sv.startswith("Året var")
    assert published.councils_text_en
    assert Report.objects.get(year=year).status == Report.Status.DRAFT
