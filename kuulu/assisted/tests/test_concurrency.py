"""Assisted actions under real concurrency on PostgreSQL: a form sent several times at once
makes one case and one record; the last places of a capped session are never oversold and a
refused registration leaves no record of assistance behind."""

import pytest
from django.core.exceptions import ValidationError

from kuulu.assisted import services
from kuulu.assisted.models import AssistedAction
from kuulu.assisted.tests.factories import make_visit
from kuulu.events.models import Registration
from kuulu.events.tests.factories import make_session
from kuulu.feedback.models import Feedback
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_the_same_form_sent_four_times_at_once_makes_one_case_and_one_record(postgres, org):
    visit = make_visit(org)

    def send():
        return services.record_feedback(
            visit=visit,
            kind="idea",
            text="Iltavastaanotto olisi hyvä.",
            channel="phone",
            submission_key="double-click",
        )

    outcomes = _race(*[send for _ in range(4)])
    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    assert Feedback.objects.count() == 1
    assert AssistedAction.objects.count() == 1
    assert {value[0].pk for _, value in outcomes} == {Feedback.objects.get().pk}
    assert sorted(value[2] for _, value in outcomes) == [False, False, False, True]


def test_last_places_are_not_oversold_and_refusals_leave_no_record(postgres, org):
    session = make_session(org.county, capacity=2, waitlist=False)
    visit = make_visit(org)

    def register(n):
        return services.register_resident(
            visit=visit, session=session, name=f"Asukas {n}", email=f"a{n}@example.test"
        )

    outcomes = _race(*[(lambda n=n: register(n)) for n in range(6)])
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("ok") == 2
    assert all(isinstance(value, ValidationError) for kind, value in outcomes if kind == "error")
    assert Registration.objects.filter(session=session).count() == 2
    assert sorted(AssistedAction.objects.values_list("object_id", flat=True)) == sorted(
        Registration.objects.values_list("pk", flat=True)
    )
