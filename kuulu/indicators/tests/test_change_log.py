"""The feedback fingerprint: every change to a column the indicators read changes it (on
PostgreSQL through the change log of feedback migration 0005, elsewhere by checksums)."""

from __future__ import annotations

from datetime import date

from kuulu.feedback.models import Feedback
from kuulu.indicators.sources import feedback as source
from kuulu.indicators.tests.fixtures import at, feedback


def test_every_kind_of_write_to_a_column_read_changes_the_feedback_fingerprint(org):
    # given two items
    first = feedback(org.county, org.unit_a, "2026-02-01", due="2026-02-10", score=7)
    second = feedback(org.county, org.unit_b, "2026-02-02")
    seen = [source.fingerprint(county_id=org.county.pk)]

    def changed() -> bool:
        seen.append(source.fingerprint(county_id=org.county.pk))
        return seen[-1] != seen[-2]

    # when / then: each write is seen, also conditional bulk UPDATEs leaving updated_at alone
    Feedback.objects.filter(unit=org.unit_b).update(unit=org.unit_a)
    assert changed()
    Feedback.objects.filter(score__gte=5).update(score=4)
    assert changed()
    Feedback.objects.filter(pk=first.pk).update(due_on=date(2026, 2, 11))
    assert changed()
    Feedback.objects.filter(pk=second.pk).update(received_at=at("2026-02-03"))
    assert changed()
    Feedback.objects.filter(pk=second.pk).update(answered_at=at("2026-02-05"))
    assert changed()
    feedback(org.county, org.unit_a, "2026-02-04")
    assert changed()
    Feedback.objects.filter(pk=second.pk).delete()
    assert changed()
    Feedback.objects.filter(pk=first.pk).update(text="Muokattu")
    assert not changed()  # a column the indicators do not read: the same fingerprint
