from datetime import UTC, datetime

import pytest
from django.utils import timezone

from kuulu.channels import selectors
from kuulu.channels.demo import load_channels_demo
from kuulu.channels.models import Application, Attendance, Channel, Meeting, StatementRequest
from kuulu.workspace.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_has_every_kind_and_is_idempotent():
    load_demo()
    county = Channel.objects.first().county
    assert set(Channel.objects.values_list("kind", flat=True)) == set(Channel.Kind.values)
    assert Channel.objects.filter(slug__in=["asukaspaneeli", "kokemusasiantuntijat"]).count() == 2
    council = Channel.objects.get(slug="vanhusneuvosto")
    missing = selectors.representation(council).missing
    assert 0 < len(missing) < 8
    assert StatementRequest.objects.filter(statement__isnull=False).count() == 2
    assert Meeting.objects.filter(status="held").count() == 1
    assert Attendance.objects.filter(fee__gt=0).exists()
    assert Application.objects.filter(status="pending").count() == 1
    counts = (Channel.objects.count(), Application.objects.count(), Meeting.objects.count())
    assert load_channels_demo(county) == 0
    assert (Channel.objects.count(), Application.objects.count(), Meeting.objects.count()) == counts


def test_demo_loads_in_the_first_days_of_january(monkeypatch):
    # The held meeting is 14 days back and the hearings 60: the members' terms must cover them
    # (the terms began on 1 January of this year, and on 3 January the meeting failed).
    early_january = datetime(2027, 1, 3, 7, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: early_january)
    load_demo()
    meeting = Meeting.objects.get(status="held")
    assert meeting.starts_at.year == 2026
    assert Attendance.objects.filter(meeting=meeting, status="present").count() > 3
