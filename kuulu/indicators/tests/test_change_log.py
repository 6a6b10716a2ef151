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


def test_pruning_the_change_log_keeps_the_newest_row_and_changes_the_fingerprint(org, postgres):
    # given a log with old rows (PostgreSQL only: elsewhere there is no log)
    from datetime import timedelta

    from django.db import connection

    from kuulu.feedback.change_log import prune_indicator_change_log

    feedback(org.county, org.unit_a, "2026-02-01")
    feedback(org.county, org.unit_a, "2026-02-02")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE feedback_indicator_change SET changed_at = now() - interval '2 days'"
        )
        cursor.execute("SELECT count(*), max(id) FROM feedback_indicator_change")
        count, newest = cursor.fetchone()
    before = source.fingerprint(county_id=org.county.pk)
    # when
    deleted = prune_indicator_change_log(keep=timedelta(days=1))
    # then everything but the newest row is gone, and the next read recomputes
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM feedback_indicator_change")
        assert cursor.fetchone() == (1, newest)
    assert deleted == count - 1
    assert source.fingerprint(county_id=org.county.pk) != before
