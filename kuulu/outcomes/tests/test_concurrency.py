"""Notifications under real concurrency on PostgreSQL: several task runs for the same outcome
at the same moment tell each contributor once (the claim is a unique row)."""

import pytest
from django.core import mail

from kuulu.feedback.tests.factories import make_feedback
from kuulu.organisation.tests.factories import make_county, make_unit
from kuulu.organisation.tests.test_concurrency import _race
from kuulu.outcomes import notifications
from kuulu.outcomes.models import Notification, Outcome
from kuulu.outcomes.tests.factories import link, make_outcome

pytestmark = pytest.mark.postgres


def test_parallel_task_runs_tell_each_contributor_once(postgres):
    county = make_county()
    unit = make_unit(county)
    outcome = make_outcome(county)
    for n in range(5):
        feedback = make_feedback(
            county, unit, text=f"Idea {n}", wants_reply=True, contact_email=f"p{n}@example.test"
        )
        link(outcome, "feedback", feedback)
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True)
    mail.outbox = []

    results = _race(*[lambda: notifications.notify_contributors(outcome_id=outcome.pk)] * 6)

    assert [kind for kind, _ in results] == ["ok"] * 6
    assert sum(sent for _, sent in results) == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.test" for n in range(5)]
    assert Notification.objects.filter(outcome=outcome, sent_at__isnull=False).count() == 5
