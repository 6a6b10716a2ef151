"""Two submissions with the same invitation at the same moment: one wins, the first is kept.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulu_surveys
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race
from kuulu.surveys import services
from kuulu.surveys.models import Invitation, Response
from kuulu.surveys.tests.factories import add_question, make_survey

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("anonymous", [True, False])
def test_concurrent_submissions_with_one_invitation(postgres, anonymous):
    county = make_county()
    survey = make_survey(county, audience="invitation", anonymous=anonymous)
    add_question(survey, kind="single", key="role", required=True)
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    services.invite_emails(survey=survey, emails=["a@example.test"], language="fi", actor=None)
    invitation = Invitation.objects.get()
    token = services.issue_invitation_token(invitation.pk)

    def submit(value: str) -> int:
        return (
            Client()
            .post(
                f"/api/v1/surveys/{survey.pk}/responses",
                json.dumps({"answers": {"role": value}, "token": token}),
                content_type="application/json",
            )
            .status_code
        )

    outcomes = _race(*[lambda: submit("a"), lambda: submit("b")] * 3)
    assert sorted(outcomes) == [("ok", 201)] + [("ok", 409)] * 5
    assert Response.objects.submitted().count() == 1
    assert Response.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.used_at is not None
