import pytest

from kuulu.feedback.models import (
    Complaint,
    ComplaintAnswer,
    Feedback,
    FeedbackHandler,
    Initiative,
    PublishedFeedback,
)
from kuulu.organisation.models import County
from kuulu.workspace.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_every_case_type():
    first = load_demo()
    assert first["feedback"] > 60
    county = County.objects.get()
    assert Feedback.objects.filter(county=county).count() == 60
    assert PublishedFeedback.objects.count() == 2
    assert ComplaintAnswer.objects.filter(complaint__in=Complaint.objects.all()).count() == 1
    initiative = Initiative.objects.get()
    assert initiative.handler_notice_sent_on is not None
    assert initiative.outcome_sent_on is not None
    assert FeedbackHandler.objects.filter(user__email="esihenkilo@kuulu.example").exists()
    assert load_demo()["feedback"] == 0
    assert Feedback.objects.count() == 60
