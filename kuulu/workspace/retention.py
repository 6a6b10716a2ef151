"""Retention: removing or anonymising records past their keeping time.

Run daily: `python manage.py run_retention` from cron or a systemd timer (see README).
Periods come from settings so a county can follow its own records plan.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kuulu.channels.services import run_retention as channel_retention
from kuulu.core.models import AuditEvent
from kuulu.events.services import anonymise_past_registrations
from kuulu.portal.services import anonymise_old_accessibility_feedback

TASK_RESULT_RETENTION = timedelta(days=30)


def run_retention() -> dict[str, int]:
    now = timezone.now()
    audit_deleted, _ = AuditEvent.objects.filter(
        occurred_at__lt=now - settings.AUDIT_RETENTION
    ).delete()
    # Task results hold ids (the few tasks that carry an address have it emptied when they
    # finish: kuulu/core/task_privacy.py); there is no reason to keep finished ones for long.
    tasks_deleted, _ = DBTaskResult.objects.filter(
        finished_at__lt=now - TASK_RESULT_RETENTION
    ).delete()
    # The Django admin's change history names objects (people too); keep it no longer.
    admin_deleted, _ = LogEntry.objects.filter(
        action_time__lt=now - settings.AUDIT_RETENTION
    ).delete()
    anonymised = anonymise_past_registrations(days_after=settings.REGISTRATION_RETENTION_DAYS)
    from kuulu.experts.services import remove_withdrawn_profiles

    experts_deleted, experts_anonymised = remove_withdrawn_profiles(
        days_after=getattr(settings, "EXPERT_CONSENT_RETENTION_DAYS", 30)
    )
    return {
        "audit events deleted": audit_deleted,
        "event registrations anonymised": anonymised,
        "admin history entries deleted": admin_deleted,
        "accessibility feedback anonymised": anonymise_old_accessibility_feedback(),
        "finished task results deleted": tasks_deleted,
        "withdrawn expert profiles deleted": experts_deleted,
        "withdrawn expert profiles anonymised": experts_anonymised,
        "channel applications deleted": channel_retention(),
        "text-message code log entries deleted": _follows_retention(),
        "panel volunteers' contact details deleted": _panel_retention(),
        "quiz answer sheets deleted": _learning_retention(),
        **_feedback_retention(),
        "indicator change-log rows deleted": _indicator_change_log_retention(),
        "used sign-in nonces deleted": _identity_retention(),
        # Last: it follows what the apps above have just anonymised or removed.
        "records of assistance anonymised": _assisted_retention(),
    }


def _follows_retention() -> int:
    from kuulu.follows.services import delete_old_phone_code_log

    return delete_old_phone_code_log()


def _identity_retention() -> int:
    from kuulu.identity.oidc_client import forget_used_nonces

    return forget_used_nonces()


def _assisted_retention() -> int:
    from kuulu.assisted.services import anonymise_assisted_actions

    return anonymise_assisted_actions()


def _indicator_change_log_retention() -> int:
    from kuulu.indicators.change_log import prune

    return prune()


def _learning_retention() -> int:
    from kuulu.learning.services import delete_old_quiz_attempts

    return delete_old_quiz_attempts(days=settings.QUIZ_ATTEMPT_RETENTION_DAYS)


def _panel_retention() -> int:
    from kuulu.panels.services import delete_unselected_contacts

    return delete_unselected_contacts()


def _feedback_retention() -> dict[str, int]:
    from kuulu.feedback.services import run_feedback_retention

    return run_feedback_retention()
