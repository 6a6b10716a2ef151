from datetime import date

import pytest

from kuulu.programme import selectors
from kuulu.programme.demo import load_programme_demo
from kuulu.programme.models import FollowUp, GoalIndicator, Measure, ParticipationProgramme

pytestmark = pytest.mark.django_db


def test_demo_programme_is_approved_followed_up_and_idempotent(org):
    created = load_programme_demo(org.county, today=date(2026, 4, 10))

    programme = ParticipationProgramme.objects.get()
    assert (programme.title_fi, programme.period_label, programme.status) == (
        "Kainuun osallisuusohjelma",
        "2025\u20132028",
        "approved",
    )
    assert programme.title_sv
    assert programme.title_en
    assert programme.description_en
    assert Measure.objects.count() == 9
    assert GoalIndicator.objects.count() == 8
    assert FollowUp.objects.exists()
    summary = selectors.programme_summary(county_id=org.county.pk, today=date(2026, 4, 10))
    assert [len(p.goals) for p in summary.perspectives] == [1, 1, 1, 1]
    assert summary.measures_by_status["done"] == 2
    assert summary.needs_follow_up >= 1
    counts = (Measure.objects.count(), FollowUp.objects.count())
    assert created > 0
    assert load_programme_demo(org.county, today=date(2026, 4, 10)) == 0
    assert (Measure.objects.count(), FollowUp.objects.count()) == counts
