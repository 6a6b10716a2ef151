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
    # 60 from the feedback demo, 1 moved there from Ask the leadership (questions demo), 2 of
    # the demo resident with a full participation history (workspace/participant_demo.py).
    assert Feedback.objects.filter(county=county).count() == 63
    assert Feedback.objects.filter(source_client="questions").count() == 1
    assert PublishedFeedback.objects.count() == 3
    assert ComplaintAnswer.objects.filter(complaint__in=Complaint.objects.all()).count() == 1
    initiative = Initiative.objects.order_by("pk").first()  # the feedback demo's own
    assert initiative.handler_notice_sent_on is not None
    assert initiative.outcome_sent_on is not None
    assert FeedbackHandler.objects.filter(user__email="esihenkilo@kuulu.example").exists()
    assert load_demo()["feedback"] == 0
    assert Feedback.objects.count() == 63
