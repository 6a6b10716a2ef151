from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from kuulu.core.audit import record_event
from kuulu.core.models import AuditEvent
from kuulu.portal import services as portal_services
from kuulu.portal.models import AccessibilityFeedback
from kuulu.workspace.retention import run_retention

pytestmark = pytest.mark.django_db


def test_retention_removes_old_audit_events_and_anonymises_old_feedback(settings):
    old = record_event(action="view", object_type="x", object_id=1)
    new = record_event(action="view", object_type="x", object_id=2)
    # Age the event past retention; the append-only queryset refuses update(), so go below it.
    QuerySet.update(
        AuditEvent.objects.filter(pk=old.pk),
        occurred_at=timezone.now() - settings.AUDIT_RETENTION - timedelta(days=1),
    )
    feedback = portal_services.submit_accessibility_feedback(
        county=None, message="vanha", contact_email="a@example.test"
    )
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(
        status="answered", answered_at=timezone.now() - timedelta(days=800)
    )
    fresh = portal_services.submit_accessibility_feedback(
        county=None, message="uusi", contact_email="b@example.test"
    )

    result = run_retention()

    assert result["audit events deleted"] == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]
    feedback.refresh_from_db()
    fresh.refresh_from_db()
    assert (feedback.message, feedback.contact_email) == ("", "")
    assert fresh.message == "uusi"


def test_run_retention_command(capsys):
    call_command("run_retention")
    assert "audit events deleted: 0" in capsys.readouterr().out


def test_retention_removes_old_admin_history(org, settings):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    entry = LogEntry.objects.create(
        user=org.admin,
        content_type=ContentType.objects.get_for_model(org.staff_person),
        object_id=str(org.staff_person.pk),
        object_repr=org.staff_person.full_name,
        action_flag=ADDITION,
    )
    LogEntry.objects.filter(pk=entry.pk).update(
        action_time=timezone.now() - settings.AUDIT_RETENTION - timedelta(days=1)
    )
    assert run_retention()["admin history entries deleted"] == 1
    assert not LogEntry.objects.exists()


def test_retention_forgets_used_sign_in_nonces_once_no_answer_can_be_replayed():
    """Found in review: every single sign-on and strong identification left a row behind for
    good; a nonce only needs keeping while its sign-in could still be answered."""
    from kuulu.identity.models import UsedNonce

    old = UsedNonce.objects.create(nonce="old", used_at=timezone.now() - timedelta(days=2))
    recent = UsedNonce.objects.create(nonce="recent", used_at=timezone.now() - timedelta(hours=1))

    assert run_retention()["used sign-in nonces deleted"] == 1

    assert list(UsedNonce.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.nonce not in UsedNonce.objects.values_list("nonce", flat=True)
