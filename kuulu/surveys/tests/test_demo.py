import pytest
from django.utils import translation

from kuulu.datacollection.models import Collection
from kuulu.surveys import results
from kuulu.surveys.demo import SERIES, load_surveys_demo
from kuulu.surveys.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _shares(res, key):
    q = next(q for q in res.questions if q.meta.key == key)
    return {o.key: o.percent for o in q.distribution.options}


def test_demo_reproduces_the_mapping_shares_and_is_idempotent(org):
    created = load_surveys_demo(org.county)

    assert created == 40 + 29 + 120 + 18 + 4
    assert load_surveys_demo(org.county) == 0
    managers = Survey.objects.get(county=org.county, series=SERIES, round_label="2022")
    staff = Survey.objects.get(county=org.county, series=SERIES, round_label="2023")
    m = results.survey_results(managers)
    assert m.respondents == 40
    assert _shares(m, "know_methods")["little"] == 60
    assert _shares(m, "use_methods")["yes"] == 28  # 11 of 40
    importance = next(q for q in m.questions if q.meta.key == "importance")
    assert importance.scale.top_two.percent == 85
    s = results.survey_results(staff)
    assert s.respondents == 29
    assert _shares(s, "want_to_learn")["yes"] == 93
    assert [t.meta.key for t in s.trends][:2] == ["know_methods", "use_methods"]


def test_demo_customer_experience_has_an_nps_and_the_workshop_feedback_an_event(org):
    load_surveys_demo(org.county)

    customer = Survey.objects.get(county=org.county, kind=Survey.Kind.CUSTOMER_EXPERIENCE)
    res = results.survey_results(customer)
    recommend = next(q for q in res.questions if q.meta.kind == "scale_0_10")
    assert res.respondents == 120
    assert recommend.scale.nps.score == 38  # (68 promoters - 22 detractors) / 120
    feedback = Survey.objects.get(county=org.county, kind=Survey.Kind.EVENT_FEEDBACK)
    assert feedback.responses.count() == 18
    assert Collection.objects.filter(county=org.county).count() == 4
