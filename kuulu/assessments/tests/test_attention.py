import datetime as dt

import pytest

from kuulu.assessments import services
from kuulu.assessments.attention import assessments_work
from kuulu.assessments.tests.factories import make_assessment
from kuulu.organisation.access import actor_for

pytestmark = pytest.mark.django_db


def test_coordinators_see_requests_for_childrens_views_waiting(org):
    today = dt.date(2026, 12, 4)
    assessment = make_assessment(org.staff_person)
    assert assessments_work(actor_for(org.coordinator), today) == []
    services.request_views(assessment=assessment, channel="panel", note="Nuorisovaltuusto")
    services.request_views(assessment=assessment, channel="survey", note="Koululaiset")
    [item] = assessments_work(actor_for(org.coordinator), today)
    assert (item.count, item.url) == (2, "/en/assessments/manage/")
    assert assessments_work(actor_for(org.manager), today) == []
