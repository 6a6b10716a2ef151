"""The demo resident with a full participation history: the demo command builds it through
the modules' services, and her "My participation" page shows each kind of record and what
came of it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from kuulu.accounts.models import User
from kuulu.assisted import mydata
from kuulu.workspace.demo import DEMO_PASSWORD, LOGINS, load_demo
from kuulu.workspace.participant_demo import EMAIL, load_participant_demo

pytestmark = pytest.mark.django_db


def test_the_demo_resident_has_every_kind_of_record_and_its_outcome():
    from kuulu.organisation.models import County

    load_demo()
    user = User.objects.get(email=EMAIL)
    assert user.check_password(DEMO_PASSWORD)
    assert EMAIL in {login.email for login in LOGINS}
    with translation.override("en"):
        records = mydata.records_for(user)
    kinds = {r.type for r in records}
    assert {
        "feedback",
        "initiative_signature",
        "registration",
        "survey",
        "panel",
        "ballot",
        "question",
    } <= kinds
    feedback = sorted(r.status for r in records if r.type == "feedback")
    assert feedback == ["answered", "in progress"]
    assert any(r.outcomes for r in records if r.type == "feedback")
    initiative = next(r for r in records if r.type == "initiative_signature")
    assert initiative.outcomes
    assert next(r for r in records if r.type == "panel").status == "member"
    assert next(r for r in records if r.type == "survey").outcomes
    assert sorted(r.status for r in records if r.type == "question") == [
        "answered",
        "published, waiting for an answer",
    ]

    client = Client()
    client.force_login(user)
    page = client.get("/en/my-participation/")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Feedback",
        "Initiative signed",
        "Registration",
        "Survey answered",
        "Panel",
        "Vote cast",
        "Question to the leadership",
        "What came of it:",
        "Home care evening visits extended to every municipality",
        "Kainuu resident panel: local services",
        "Youth budget 2026",
        "you follow 3 things",
    ):
        assert expected in text, expected
    assert "choices" not in text

    assert load_participant_demo(County.objects.get()) == 0
